//! The account views' worker: the evaluation worker, and the whole-model
//! analyses the views ask for (see `iam_playground_web::account::answer`).
//! Apart from the page's worker, so that the page's first decision does not
//! wait for code it never uses.

fn main() {
    iam_playground_web::worker::serve_with(Some(iam_playground_web::account::answer::answer));
}
