ZDOTDIR="$__wb_user_zdotdir"
[[ -r "$ZDOTDIR/.zprofile" ]] && . "$ZDOTDIR/.zprofile"
__wb_user_zdotdir="$ZDOTDIR"
ZDOTDIR="$__wb_our_zdotdir"
