//! The evaluation worker: a second wasm, started by the page (see `worker`).

fn main() {
    iam_playground_web::worker::serve();
}
