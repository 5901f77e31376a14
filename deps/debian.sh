#!/usr/bin/env bash
# Check the system packages listed in deps/debian.txt (or the list given as $1) and install the
# missing ones: with apt-get when run as root, otherwise print the one command to run. Silent
# when everything is there. Exit status 0 when everything is there (or was just installed).
set -uo pipefail

list=${1:-"$(dirname "$0")/debian.txt"}
python=${PYTHON:-python3}
font_dirs=(/usr/share/fonts /usr/local/share/fonts "${HOME:-/nonexistent}/.local/share/fonts"
  "${HOME:-/nonexistent}/.fonts" /Library/Fonts "${HOME:-/nonexistent}/Library/Fonts")

if [[ ! -r $list ]]; then
  echo "deps/debian.sh: cannot read the package list $list" >&2
  exit 2
fi

# interpreter: the real path of $PYTHON, found once (a pyenv shim takes a second a call).
python_exe=
interpreter() {
  [[ -n $python_exe ]] ||
    python_exe=$("$python" -c 'import sys; print(sys.executable)' 2>/dev/null) && [[ -n $python_exe ]]
}

# present KIND ARG: is what the package brings there?
present() {
  case $1 in
    command) command -v "$2" >/dev/null 2>&1 ;;
    file) [[ -e $2 ]] ;;
    library)
      if [[ -x /sbin/ldconfig ]]; then
        [[ $(/sbin/ldconfig -p 2>/dev/null) == *$'\t'"lib$2.so"* ]]
      else
        [[ -n $(find /lib /lib64 /usr/lib /usr/lib64 /usr/local/lib /opt/homebrew/lib -maxdepth 3 \
          \( -name "lib$2.so*" -o -name "lib$2*.dylib" \) -print -quit 2>/dev/null) ]]
      fi
      ;;
    font) [[ -n $(find "${font_dirs[@]}" -name "$2" -print -quit 2>/dev/null) ]] ;;
    python-version)
      interpreter &&
        "$python_exe" -c "import sys; sys.exit(sys.version_info < tuple(map(int, '$2'.split('.'))))" \
          >/dev/null 2>&1 ;;
    python-module) interpreter && "$python_exe" -c "import $2" >/dev/null 2>&1 ;;
  esac
}

# describe KIND ARG: what is missing, in words, for a machine without apt-get.
describe() {
  case $1 in
    command) echo "the command $2" ;;
    file) echo "$2" ;;
    library) echo "the library lib$2" ;;
    font) echo "the font $2" ;;
    python-version) echo "Python $2 or newer as $python" ;;
    python-module) echo "Python's $2 module for $python" ;;
  esac
}

packages=() kinds=() args=()
line_number=0
while IFS= read -r line || [[ -n $line ]]; do
  line_number=$((line_number + 1))
  line=${line%%#*}
  read -r package kind arg extra <<<"$line"
  [[ -z ${package:-} ]] && continue
  case ${kind:-} in
    command | file | library | font | python-version | python-module) ;;
    *) kind= ;;
  esac
  if [[ -z $kind || -z ${arg:-} || -n ${extra:-} ]]; then
    echo "$list:$line_number: expected 'PACKAGE KIND ARGUMENT' (see the comments at its top)" >&2
    exit 2
  fi
  packages+=("$package") kinds+=("$kind") args+=("$arg")
done <"$list"

# missing: the indexes of the packages whose probe fails.
missing() {
  local i
  for i in "${!packages[@]}"; do
    present "${kinds[i]}" "${args[i]}" || echo "$i"
  done
}

mapfile -t absent < <(missing)
[[ ${#absent[@]} == 0 ]] && exit 0

names=()
for i in "${absent[@]}"; do names+=("${packages[i]}"); done

if ! command -v apt-get >/dev/null 2>&1; then
  what=()
  for i in "${absent[@]}"; do
    what+=("$(describe "${kinds[i]}" "${args[i]}") (Debian: ${packages[i]})")
  done
  joined=$(printf '%s, ' "${what[@]}")
  echo "Missing: ${joined%, }; install them with this system's package manager." >&2
  exit 1
fi

if [[ $(id -u) != 0 ]]; then
  echo "Missing Debian packages; install them with: sudo apt-get install ${names[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${names[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${names[@]}" >/dev/null; }
then
  echo "apt-get could not install ${names[*]} (its message is above)." >&2
  exit 1
fi
mapfile -t absent < <(missing)
if [[ ${#absent[@]} != 0 ]]; then
  what=()
  for i in "${absent[@]}"; do what+=("$(describe "${kinds[i]}" "${args[i]}")"); done
  joined=$(printf '%s, ' "${what[@]}")
  echo "Still missing after apt-get install: ${joined%, }." >&2
  exit 1
fi
