# From here on ZDOTDIR is the user's again, so zsh reads their .zlogin itself.
ZDOTDIR="$__wb_user_zdotdir"
unset WHALEBOOK_USER_ZDOTDIR
[[ -r "$ZDOTDIR/.zshrc" ]] && . "$ZDOTDIR/.zshrc"

zmodload zsh/datetime 2>/dev/null
typeset -gi __wb_running=0

__wb_esc() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//;/\\x3b}"
  s="${s//$'\n'/\\x0a}"
  s="${s//$'\r'/\\x0d}"
  s="${s//$'\e'/\\x1b}"
  s="${s//$'\a'/\\x07}"
  print -rn -- "$s"
}
__wb_mark() { print -rn -- $'\e]633;'"$1;$__wb_nonce"$'\a'; }

__wb_precmd() {
  local exit_status=$?
  if (( __wb_running )); then
    __wb_mark "D;$exit_status;${EPOCHREALTIME/,/.}"
    __wb_running=0
  fi
  __wb_mark "P;Cwd=$(__wb_esc "$PWD")"
  if [[ "$PS1" != *"633;A;$__wb_nonce"* ]]; then
    PS1="%{$(__wb_mark A)%}$PS1%{$(__wb_mark B)%}"
  fi
}

__wb_preexec() {
  # The token the app's Run left for this command, read and emptied with builtins only.
  local run=""
  if [[ -n "$__wb_run_file" && -s "$__wb_run_file" ]]; then
    IFS= read -r run < "$__wb_run_file"
    : >| "$__wb_run_file"
    [[ "$run" =~ '^[0-9a-f]{1,64}$' ]] || run=""
  fi
  __wb_mark "E;$(__wb_esc "$1")"
  __wb_mark "C;${EPOCHREALTIME/,/.};$run"
  __wb_running=1
}

# First in precmd, so that $? is still the command's.
precmd_functions=(__wb_precmd $precmd_functions)
preexec_functions+=(__wb_preexec)
