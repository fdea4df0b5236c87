fn main() {
    yew::Renderer::<iam_playground_web::App>::new().render();
}
