#!/usr/bin/env bash
# Grids cut among MPI ranks: `mpirun -np 1, 2, 3 ecodyn run` give fields and frames identical
# byte for byte to one process without MPI, on periodic, no-flux and fixed-value grids, in 2-D
# and 3-D, by Euler and RK4; what cannot be cut is refused by rank 0 alone, exit 2, nothing written
# (an IMEX grid, and a community run, which would run whole on every rank).
# Needs Open MPI (make deps installs it).
set -euo pipefail
cd "$(dirname "$0")/../.."
ECODYN="$PWD/.build/debug/ecodyn"
[ -x "$ECODYN" ] || swift build
# CI runs as root; more ranks than the two cores here need --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=(mpirun --oversubscribe)

W=$(mktemp -d /tmp/ecodyn-mpi.XXXXXX)
trap 'rm -rf "$W"' EXIT
passed=0
spec() {   # spec NAME BOUNDARY METHOD SHAPE
  cat > "$W/$1.toml" <<SPEC
[model]
kind = "brusselator"
a = 4.5
b = 7.5
diffusion = [2.0, 16.0]
[grid]
shape = $4
boundary = "$2"
[initial]
perturbation = 0.2
seed = 5
[integrate]
method = "$3"
dt = 0.005
t_end = 1.0
save_every = 40
SPEC
}

for case in "periodic euler [40, 21]" "neumann rk4 [40, 21]" "dirichlet euler [40, 21]" "periodic rk4 [12, 7, 5]" "dirichlet rk4 [12, 7, 5]"; do
  read -r boundary method shape <<< "$case"
  name="$boundary-$method-$(echo "$shape" | tr -dc '0-9,' | tr ',' x)"
  spec "$name" "$boundary" "$method" "$shape"
  "$ECODYN" run "$W/$name.toml" --out "$W/$name-alone" > /dev/null
  for np in 1 2 3; do
    "${MPIRUN[@]}" -np "$np" "$ECODYN" run "$W/$name.toml" --out "$W/$name-$np" > /dev/null
    for f in u.npy v.npy frames_u.npy frames_v.npy; do
      cmp -s "$W/$name-alone/$f" "$W/$name-$np/$f" || { echo "FAIL: $name on $np ranks: $f differs from one process"; exit 1; }
    done
    grep -q "\"processes\": $np" "$W/$name-$np/summary.json" || { echo "FAIL: $name: summary.json does not say $np processes"; exit 1; }
  done
  echo "$name: 1, 2 and 3 ranks identical to one process"
  passed=$((passed + 1))
done

# refused WHAT PATTERN DIR COMMAND...: the command fails, rank 0 alone prints one error
# containing PATTERN, and DIR is not created.
refused() {
  local what=$1 pattern=$2 dir=$3; shift 3
  set +e
  err=$("$@" 2>&1 > /dev/null)
  status=$?
  set -e
  lines=$(echo "$err" | grep -c "ecodyn: error:" || true)
  [ "$status" -ne 0 ] && [ "$lines" = 1 ] && echo "$err" | grep -q -- "$pattern" && [ ! -e "$dir" ] || {
    echo "FAIL: $what: status $status, $lines error lines, output $(ls "$dir" 2>/dev/null)"; echo "$err"; exit 1; }
  echo "$what: refused once, naming $pattern; nothing written"
  passed=$((passed + 1))
}

spec refused periodic imex "[40, 21]"
refused "imex on 2 ranks" "integrate.method" "$W/refused" "${MPIRUN[@]}" -np 2 "$ECODYN" run "$W/refused.toml" --out "$W/refused"
# A community run would run whole on every rank, into one folder.
cp examples/community-duo.toml "$W/duo.toml"
refused "a community run on 2 ranks" "2 copies" "$W/duo" "${MPIRUN[@]}" -np 2 "$ECODYN" run "$W/duo.toml" --out "$W/duo"
echo "$passed passed, 0 failed"
