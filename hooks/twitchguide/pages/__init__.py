"""Pure functions that turn the validated model and the pages in docs/ into Markdown or HTML."""
