#!/bin/busybox sh
# agent-immune guest agent: PID 1 of the microVM, from the initramfs.
#
# 1. read the job (a shell fragment the host wrote) from the virtio block device whose
#    first line is "#agent-immune-job";
# 2. build the command's root: the host root (9p, read-only) or a root image (block,
#    read-only) as the lower layer of an overlay whose upper layer is tmpfs, so every
#    write to the root is discarded with the VM; the workdir is the only shared
#    writable path;
# 3. run the command through ai-run, streaming stdout/stderr to the host on the named
#    virtio-serial ports (QEMU) or, without ports (Firecracker), buffering them and
#    sending framed base64 on the serial console;
# 4. report exit status, peak memory, the guest's view of memory and OOM kills, then
#    reset the machine (reboot=t / reboot=k make the VMM exit).
#
# Under software emulation every process costs milliseconds, so this script uses shell
# builtins (read, case) where it can, and /dev for the command is prepared in the
# initramfs (/devskel) rather than with mknod at boot.
export PATH=/bin
# busybox runs its applets through /proc/self/exe: mount /proc first, by its full name.
/bin/busybox mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

CTL=/dev/console
OUT=
ERR=
for p in /sys/class/virtio-ports/*; do
    [ -e "$p/name" ] || continue
    read -r name < "$p/name"
    case "$name" in
        ai-ctl) CTL=/dev/${p##*/} ;;
        ai-stdout) OUT=/dev/${p##*/} ;;
        ai-stderr) ERR=/dev/${p##*/} ;;
    esac
done

ctl() { echo "AGENT-IMMUNE-CTL $*" > "$CTL"; }
finish() { sync; ctl done; reboot -f; while :; do sleep 1; done; }
fail() { ctl error "$*"; finish; }
# name: first field of /proc/meminfo or /proc/vmstat lines -> value (builtins only)
field() { while read -r k v _; do [ "$k" = "$2" ] && { echo "$v"; return; }; done < "$1"; echo 0; }
ctl init

JOB=
for d in /dev/vd?; do
    [ -b "$d" ] || continue
    read -r magic < "$d"
    case "$magic" in "#agent-immune-job"*) JOB=$d; break ;; esac
done
[ -n "$JOB" ] || fail "no job device"
# The host pads the job with newlines up to a whole sector; those are harmless here.
. "$JOB"   # sets the AI_* variables and "$@" (environment, --, argv)

case "$AI_ROOT" in
    9p) mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /lower || fail "cannot mount host root" ;;
    blk) mount -t ext4 -o ro "$AI_ROOT_DEV" /lower || fail "cannot mount root image $AI_ROOT_DEV" ;;
    *) fail "unknown root kind $AI_ROOT" ;;
esac
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot || fail "cannot mount overlay"
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
# A minimal /dev: the command gets no block devices, no console and no agent ports.
mount --bind /devskel /newroot/dev
mount -t devpts -o newinstance,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /newroot/dev/shm
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
if [ -n "$AI_WORKDIR" ]; then
    mkdir -p "/newroot$AI_WORKDIR"
    if [ "$AI_ROOT" = 9p ]; then
        mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 work "/newroot$AI_WORKDIR" || fail "cannot mount workdir"
    elif [ -n "$AI_WORK_DEV" ]; then
        mount -t ext4 "$AI_WORK_DEV" "/newroot$AI_WORKDIR" || fail "cannot mount workdir image"
    fi
fi

hostname "${AI_HOSTNAME:-agent-immune-vm}"
ip link set lo up 2>/dev/null
if [ "$AI_NET" = 1 ] && [ -e /sys/class/net/eth0 ]; then
    # QEMU user networking's fixed addresses; Firecracker setups pass their own.
    ip link set eth0 up
    ip addr add "${AI_NET_ADDR:-10.0.2.15/24}" dev eth0
    ip route add default via "${AI_NET_GW:-10.0.2.2}"
    rm -f /newroot/etc/resolv.conf
    echo "nameserver ${AI_NET_DNS:-10.0.2.3}" > /newroot/etc/resolv.conf
fi

ctl memory "$(field /proc/meminfo MemTotal:)" "$(field /proc/meminfo MemAvailable:)"
OOM_BEFORE=$(field /proc/vmstat oom_kill)
ctl start

if [ -n "$OUT" ]; then
    /bin/ai-run /newroot "${AI_WORKDIR:-/}" /run/ai-status "${AI_MIN_AVAILABLE_KB:-0}" "$@" < /dev/null > "$OUT" 2> "$ERR"
else
    /bin/ai-run /newroot "${AI_WORKDIR:-/}" /run/ai-status "${AI_MIN_AVAILABLE_KB:-0}" "$@" < /dev/null > /run/ai-stdout 2> /run/ai-stderr
    for s in stdout stderr; do
        echo "AGENT-IMMUNE-BEGIN $s" > "$CTL"
        base64 < /run/ai-$s > "$CTL"
        echo "AGENT-IMMUNE-END $s" > "$CTL"
    done
fi

ctl end
while read -r key value; do ctl "$key" "$value"; done < /run/ai-status
ctl oom_kills "$(( $(field /proc/vmstat oom_kill) - OOM_BEFORE ))"
ctl memory_after "$(field /proc/meminfo MemTotal:)" "$(field /proc/meminfo MemAvailable:)"
finish
