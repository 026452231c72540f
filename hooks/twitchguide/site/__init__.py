"""What is checked in, added to, or made from the built site."""
