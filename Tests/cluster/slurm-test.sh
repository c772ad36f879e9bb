#!/usr/bin/env bash
# A sweep as a Slurm job array on a real single-node Slurm, started here and stopped again.
#   1. ecodyn slurm --submit (4 tasks + a merge job) gives the same points as one process.
#   2. An array task cancelled midway (scancel) is completed by submitting again: no point lost
#      or duplicated (the merge checks that every point is there exactly once).
#   3. A grid cut between two tasks of one step (srun -n 2 --mpi=pmix): fields identical to one process.
# Needs root (slurmctld and slurmd run as root here). Installs slurm-wlm, munge and sqlite3 if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ECODYN="$PWD/.build/debug/ecodyn"

if [ "$(id -u)" != 0 ]; then
  echo "cluster test SKIPPED: it starts slurmctld and slurmd, which needs root"
  exit 0
fi
[ -x "$ECODYN" ] || swift build
missing=""
for p in slurm-wlm munge sqlite3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

W=$(mktemp -d /tmp/ecodyn-slurm.XXXXXX)
mkdir -p "$W/state" "$W/spool"
HOST=$(hostname -s)
cat > "$W/slurm.conf" <<CONF
ClusterName=ecodyn
SlurmctldHost=$HOST
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
MpiDefault=none
MinJobAge=3600
SlurmctldPort=16817
SlurmdPort=16818
NodeName=$HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$W/slurm.conf"

# The daemons this test starts, stopped by their pids when it ends, however it ends.
pids=""
stop() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $pids; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  rm -rf "$W"
}
trap stop EXIT
# The pid a daemon wrote to file $1.
pid_of() { for _ in $(seq 1 100); do [ -s "$1" ] && { cat "$1"; return; }; sleep 0.1; done; echo "no pid in $1" >&2; exit 1; }

if ! munge -n >/dev/null 2>&1; then
  [ -f /etc/munge/munge.key ] || mungekey --create
  mkdir -p /run/munge && chown munge:munge /run/munge
  su -s /bin/sh munge -c munged
  pids="$pids $(pid_of /run/munge/munged.pid)"
fi
slurmctld -f "$SLURM_CONF"
pids="$pids $(pid_of "$W/slurmctld.pid")"
slurmd -f "$SLURM_CONF"
pids="$pids $(pid_of "$W/slurmd.pid")"
for _ in $(seq 1 60); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 0.5; done
sinfo

# Waits for job $1 to leave the queue and prints its final state.
finish() {
  for _ in $(seq 1 1200); do
    state=$(scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
    case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) echo "$state"; return;; esac
    sleep 0.5
  done
  echo TIMEOUT
}

# Every column but the wall time, in index order.
points() { sqlite3 "$1" "SELECT * FROM points ORDER BY idx" | sed 's/|[^|]*$//'; }

cat > "$W/spec.toml" <<'SPEC'
[model]
kind = "community"
n = 6
r = 1.0
mu = 0.1
K = 1.0
[model.random]
connectance = 0.5
sigma = 0.3
mix = { competition = 0.7, mutualism = 0.3 }
seed = 3
[initial]
x = 0.05
[integrate]
method = "dopri5"
t_end = 400
rtol = 1e-9
atol = 1e-12
saves = 4
[sweep]
metrics = ["survivors", "final_total", "end_max_real"]
replicates = 2
seed = 9
[sweep.parameters]
"model.random.sigma" = { linspace = [0.05, 1.5, 40] }
"model.random.connectance" = { linspace = [0.1, 1.0, 25] }
SPEC

"$ECODYN" sweep "$W/spec.toml" --out "$W/reference.sqlite" --quiet

echo "== 1. a 4-task array and its merge job"
out=$("$ECODYN" slurm "$W/spec.toml" --tasks 4 --out "$W/run1/results.sqlite" --submit)
echo "$out"
merge=$(echo "$out" | sed -n 's/.*merge job \([0-9]*\).*/\1/p')
state=$(finish "$merge")
[ "$state" = COMPLETED ] || { echo "merge job ended $state"; cat "$W"/run1/slurm-*.out; exit 1; }
diff <(points "$W/reference.sqlite") <(points "$W/run1/results.sqlite") > /dev/null || { echo "FAIL: merged results differ from one process"; exit 1; }
echo "merged file identical to the single-process run in all $(points "$W/reference.sqlite" | wc -l) points"

echo "== 2. a task cancelled midway, then submitted again"
out=$("$ECODYN" slurm "$W/spec.toml" --tasks 4 --out "$W/run2/results.sqlite" --submit)
array=$(echo "$out" | sed -n 's/.*array job \([0-9]*\).*/\1/p')
merge=$(echo "$out" | sed -n 's/.*merge job \([0-9]*\).*/\1/p')
shard="$W/run2/results.shard-1-of-4.sqlite"
rows=0
for _ in $(seq 1 600); do
  rows=$(sqlite3 "$shard" "SELECT count(*) FROM points" 2>/dev/null || echo 0)
  [ "${rows:-0}" -gt 0 ] && break
  sleep 0.05
done
scancel "${array}_1"
cancelled=$(finish "${array}_1")
kept=$(sqlite3 "$shard" "SELECT count(*) FROM points" 2>/dev/null || echo 0)
echo "task 1 $cancelled with $kept of 500 points committed"
[ "$cancelled" = CANCELLED ] && [ "$kept" -lt 500 ] || { echo "FAIL: task 1 was not interrupted midway"; exit 1; }
scancel "$merge" 2>/dev/null || true   # its dependency can no longer be met
for t in 0 2 3; do finish "${array}_$t" > /dev/null; done
out=$("$ECODYN" slurm "$W/spec.toml" --tasks 4 --out "$W/run2/results.sqlite" --submit)
merge=$(echo "$out" | sed -n 's/.*merge job \([0-9]*\).*/\1/p')
state=$(finish "$merge")
[ "$state" = COMPLETED ] || { echo "second merge job ended $state"; cat "$W"/run2/slurm-*merge*.out; exit 1; }
diff <(points "$W/reference.sqlite") <(points "$W/run2/results.sqlite") > /dev/null || { echo "FAIL: resumed results differ from one process"; exit 1; }
echo "resubmitted: every point exactly once, identical to the single-process run"

echo "== 3. a grid on two MPI ranks started by srun"
cat > "$W/grid.toml" <<'SPEC'
[model]
kind = "brusselator"
a = 4.5
b = 7.5
diffusion = [2.0, 16.0]
[grid]
shape = [64, 48]
boundary = "periodic"
[integrate]
method = "rk4"
dt = 0.005
t_end = 2.0
save_every = 100
SPEC
"$ECODYN" run "$W/grid.toml" --out "$W/grid-alone" > /dev/null
srun -n 2 --mpi=pmix "$ECODYN" run "$W/grid.toml" --out "$W/grid-srun" > "$W/grid-srun.log" 2>&1 || { echo "FAIL: srun run"; cat "$W/grid-srun.log"; exit 1; }
grep -q '"processes": 2' "$W/grid-srun/summary.json" || { echo "FAIL: srun's run was not cut between 2 processes"; cat "$W/grid-srun/summary.json"; exit 1; }
for f in u.npy v.npy frames_u.npy frames_v.npy; do
  cmp -s "$W/grid-alone/$f" "$W/grid-srun/$f" || { echo "FAIL: $f from srun -n 2 differs from one process"; exit 1; }
done
echo "srun -n 2 --mpi=pmix: the fields identical to one process"
set +e
err=$(srun -n 2 "$ECODYN" run "$W/grid.toml" --out "$W/grid-plain" 2>&1)
status=$?
set -e
[ "$status" -ne 0 ] && echo "$err" | grep -q "mpi=pmix" && [ ! -e "$W/grid-plain" ] || { echo "FAIL: srun without an MPI plugin: status $status"; echo "$err"; exit 1; }
echo "srun -n 2 without an MPI plugin: refused, naming --mpi=pmix; nothing written"
echo "3 passed, 0 failed"
