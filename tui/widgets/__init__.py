"""The browser's widgets, one per module; none of them reads the archive, they show what the screen gives them."""
