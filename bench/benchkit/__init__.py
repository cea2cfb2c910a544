"""What the benchmark scripts share: Django set-up for this or another checkout, the data
generator, the server and load-tool drivers. Not part of the portal; nothing imports it."""
