# Whalebook shell integration for bash, loaded with --init-file so the user's rc files stay untouched:
# it stands in for ~/.bashrc, sources it, then adds the marks. It emits OSC 633 A/B around the prompt,
# E (the exact command line) and C before a command runs, D with its exit code after, and P with the
# working directory; every mark ends with the session's nonce so that forged marks do not count.
# C also carries the token the app's Run left in the run file (read and emptied with builtins only).
if [ -z "$__wb_loaded" ]; then
  __wb_loaded=1
  __wb_nonce="$WHALEBOOK_NONCE"
  __wb_run_file="$WHALEBOOK_RUN_FILE"
  unset WHALEBOOK_NONCE WHALEBOOK_RUN_FILE

  [ -r ~/.bashrc ] && . ~/.bashrc

  __wb_esc() {
    local s="$1"
    s="${s//\\/\\\\}"
    s="${s//;/\\x3b}"
    s="${s//$'\n'/\\x0a}"
    s="${s//$'\r'/\\x0d}"
    s="${s//$'\e'/\\x1b}"
    s="${s//$'\a'/\\x07}"
    builtin printf '%s' "$s"
  }
  __wb_mark() { builtin printf '\e]633;%s;%s\a' "$1" "$__wb_nonce"; }

  # The last history number, to tell a new entry from one that HISTCONTROL left out.
  __wb_histnum() {
    local line
    line="$(HISTTIMEFORMAT= builtin history 1)"
    [[ "$line" =~ ^\ *([0-9]+) ]] && builtin printf '%s' "${BASH_REMATCH[1]}"
  }

  __wb_armed=0
  __wb_running=0
  __wb_last_hist=""

  __wb_preexec() {
    [ "$__wb_armed" = 1 ] || return 0
    __wb_armed=0
    local line cmd="$BASH_COMMAND"
    line="$(HISTTIMEFORMAT= builtin history 1)"
    if [[ "$line" =~ ^\ *([0-9]+)\*?\ +(.*)$ ]] && [ "${BASH_REMATCH[1]}" != "$__wb_last_hist" ]; then
      cmd="${BASH_REMATCH[2]}"
    elif [[ "$cmd" == __wb_prompt_start* ]]; then
      # Our prompt hook, with no new history entry: nothing ran (Enter on an empty line, Ctrl-C at the prompt).
      return 0
    fi
    local run=""
    if [ -n "$__wb_run_file" ] && [ -s "$__wb_run_file" ]; then
      IFS= read -r run < "$__wb_run_file"
      : >| "$__wb_run_file"
      [[ "$run" =~ ^[0-9a-f]{1,64}$ ]] || run=""
    fi
    __wb_mark "E;$(__wb_esc "$cmd")"
    # The shell's own clock: main may read the output later, but engine events must be matched to the real start.
    __wb_mark "C;${EPOCHREALTIME/,/.};$run"
    __wb_running=1
  }

  __wb_prompt_start() {
    local status=$?
    if [ "$__wb_running" = 1 ]; then
      __wb_mark "D;$status;${EPOCHREALTIME/,/.}"
      __wb_running=0
    fi
    __wb_mark "P;Cwd=$(__wb_esc "$PWD")"
    return $status
  }

  __wb_prompt_end() {
    case "$PS1" in
      *"633;A;$__wb_nonce"*) ;;
      *) PS1="\[$(__wb_mark A)\]$PS1\[$(__wb_mark B)\]" ;;
    esac
    __wb_last_hist="$(__wb_histnum)"
    __wb_armed=1
  }

  # The user's PROMPT_COMMAND often ends in ';' already (pyenv, direnv): trim it before chaining ours.
  __wb_user_pc="$PROMPT_COMMAND"
  while [[ "$__wb_user_pc" == *[\;[:space:]] ]]; do __wb_user_pc="${__wb_user_pc%?}"; done
  PROMPT_COMMAND="__wb_prompt_start;${__wb_user_pc:+$__wb_user_pc;}__wb_prompt_end"
  unset __wb_user_pc
  trap '__wb_preexec' DEBUG
fi
