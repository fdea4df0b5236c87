fn main() {
    iam_playground_web::panic_notice::install();
    yew::Renderer::<iam_playground_web::App>::new().render();
}
