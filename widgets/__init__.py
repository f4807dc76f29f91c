"""PySide6 UI: windows, role workspaces, dialogs, the Qt bridge for background work and
device events. The only package that imports PySide6; the desktop program's composition root."""
