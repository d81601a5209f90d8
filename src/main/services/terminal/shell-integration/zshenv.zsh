# Whalebook shell integration for zsh: ZDOTDIR points here, so zsh reads these files first; each
# sources the user's own file of the same name from their real ZDOTDIR (or HOME), untouched.
# The nonce first, before any of the user's files run: no program they start may inherit it.
typeset -g __wb_nonce="$WHALEBOOK_NONCE"
typeset -g __wb_run_file="$WHALEBOOK_RUN_FILE"
unset WHALEBOOK_NONCE WHALEBOOK_RUN_FILE
__wb_our_zdotdir="$ZDOTDIR"
ZDOTDIR="${WHALEBOOK_USER_ZDOTDIR:-$HOME}"
[[ -r "$ZDOTDIR/.zshenv" ]] && . "$ZDOTDIR/.zshenv"
__wb_user_zdotdir="$ZDOTDIR"
ZDOTDIR="$__wb_our_zdotdir"
