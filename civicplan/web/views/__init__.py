"""Pages. Each view parses the request, calls selectors or one service, and renders."""
