"""The browser's screens: the main browser, the empty-archive welcome, help and the small dialogs."""
