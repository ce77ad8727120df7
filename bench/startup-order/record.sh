#!/usr/bin/env bash
# Records the order in which the native `rigsmith` first runs its methods, for the commands in commands.txt, and
# writes it to src/Rigsmith.Cli/startup.order, which the native compiler reads (IlcOrderFile) to place those methods
# first and in that order. A cold command then touches under a megabyte of contiguous code instead of pages
# scattered over the binary's 5.8 MB of code (docs/architecture.md, "The native binary").
#
# How: a uprobe on the entry of every managed method of a freshly published binary (about 30,000), enabled one by one,
# and the kernel's trace buffer read after each command. Exact, unlike sampling, which misses short methods run once.
# Needs root (tracefs at /sys/kernel/tracing), binutils (nm, readelf), python3 and the .NET SDK; takes about ten
# minutes. Run it after changes that move much code on the paths of commands.txt; a stale order file is never wrong,
# only slower (names it no longer finds are skipped, and new methods are placed after the listed ones).
#
# The probes are left on a throwaway copy of the binary: removing 30,000 uprobes waits for a kernel grace period
# each (tens of minutes), so the script starts that removal in the background at the end; probes on the copy never
# affect any other program.
#
# usage: bench/startup-order/record.sh [OUTPUT]   (default src/Rigsmith.Cli/startup.order)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-src/Rigsmith.Cli/startup.order}
tracing=/sys/kernel/tracing
group=rigsmith_order
[[ -w $tracing/uprobe_events ]] || { echo "error: needs root and tracefs at $tracing" >&2; exit 2; }
if grep -q "^p:$group/" "$tracing/uprobe_events"; then
  echo "error: probes of an earlier run are still being removed; try again when '$tracing/uprobe_events' is empty" >&2
  exit 2
fi

work=$(mktemp -d /tmp/rigsmith-order.XXXXXX)
# Symbols kept, so that every method can be found by name; the names are those the compiler matches the order with.
rm -rf src/Rigsmith.Cli/obj/Release
dotnet publish src/Rigsmith.Cli -c Release -o "$work/bin" -p:StripSymbols=false -p:IlcOrderFile= >"$work/publish.log"
binary=$work/bin/rigsmith

python3 - "$binary" "$work" "$group" <<'PY'
import os, re, subprocess, sys
binary, work, group = sys.argv[1:]
# The managed code section: one symbol per method body (several names for one folded body count once).
sections = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
start, size = next((int(m.group(1), 16), int(m.group(2), 16)) for m in
                   re.finditer(r"\]\s+__managedcode\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", sections))
# The binary is linked at a fixed address (PositionIndependentExecutable=false): file offset = address - image base.
base = min(int(m.group(1), 16) for m in re.finditer(r"LOAD\s+0x[0-9a-f]+\s+0x([0-9a-f]+)",
           subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True, check=True).stdout))
seen, names = set(), []
for line in subprocess.run(["nm", "-n", binary], capture_output=True, text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) != 3 or parts[1] not in "tT":
        continue
    address = int(parts[0], 16)
    if start <= address < start + size and address not in seen:
        seen.add(address)
        names.append((address, parts[2]))
with open(os.path.join(work, "methods.txt"), "w") as f:
    f.writelines(f"{name}\n" for _, name in names)
# One write per probe: a write that splits a definition fails, and one failing probe must not stop the rest.
events = os.open("/sys/kernel/tracing/uprobe_events", os.O_WRONLY | os.O_APPEND)
for i, (address, _) in enumerate(names, 1):
    os.write(events, f"p:{group}/m{i} {binary}:0x{address - base:x}\n".encode())
os.close(events)
failed = 0
for i in range(1, len(names) + 1):
    try:
        with open(f"/sys/kernel/tracing/events/{group}/m{i}/enable", "w") as f:
            f.write("1")
    except OSError:
        failed += 1
print(f"{len(names) - failed} of {len(names)} methods probed", file=sys.stderr)
PY

echo 0 >"$tracing/tracing_on"
# The size to restore: "7 (expanded: 1408)" means 1408 once tracing starts.
saved_size=$(grep -oE '[0-9]+' "$tracing/buffer_size_kb" | tail -1)
echo 300000 >"$tracing/buffer_size_kb"
: >"$work/hits.txt"
while read -r command; do
  [[ -z $command || $command == \#* ]] && continue
  read -ra argv <<<"${command#BIN }"
  echo >"$tracing/trace"
  echo 1 >"$tracing/tracing_on"
  "$binary" "${argv[@]}" >/dev/null 2>&1 || true
  echo 0 >"$tracing/tracing_on"
  if grep -q "^overrun: [1-9]" "$tracing"/per_cpu/cpu*/stats; then
    echo "warning: the trace buffer overflowed during '$command'; methods it ran first may be missing" >&2
  fi
  # Each command's methods in the order of their first hit.
  { grep -oE " m[0-9]+: " "$tracing/trace" || true; } | awk '!seen[$1]++ { print substr($1, 1, length($1) - 1) }' >>"$work/hits.txt"
done <bench/startup-order/commands.txt
echo "$saved_size" >"$tracing/buffer_size_kb"

awk 'NR == FNR { name["m" FNR] = $1; next } !seen[$1]++ { print name[$1] }' "$work/methods.txt" "$work/hits.txt" >"$out"
echo "$(wc -l <"$out") methods in $out" >&2

# Removal in the background (see above); the copy of the binary goes with it.
count=$(wc -l <"$work/methods.txt")
nohup sh -c "echo 0 > $tracing/events/$group/enable; for i in \$(seq $count); do echo '-:$group/m'\$i; done >> $tracing/uprobe_events; rm -rf '$work'" >/dev/null 2>&1 &
