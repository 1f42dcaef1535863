# PyForge terminal start-up for bash: keep the user's own setup, then put the course toolchain first on PATH,
# because a ~/.bashrc that runs `pyenv init` or activates conda would otherwise shadow the toolchain's Python.
if [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi
if [ -n "$PYFORGE_TOOLCHAIN_BIN" ]; then
  PATH="$PYFORGE_TOOLCHAIN_BIN:$PATH"
  export PATH
  hash -r
fi
