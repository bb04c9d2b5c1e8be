"""The talk's product service, reduced to what `cargo xtask bench` compares: the create
body's model, the standardized event with its PutEvents requests, and the create
handler's start-up."""
