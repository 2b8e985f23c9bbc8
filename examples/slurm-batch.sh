#!/usr/bin/env bash
# A Slurm job array that cleans one scan folder in N shards, one task each:
#
#   SCANS=/data/jingbao OUT=/scratch/jingbao-clean sbatch examples/slurm-batch.sh
#
# Task I runs `newsmend batch --shard I/N`, which takes the issues whose folder hashes
# into shard I: the tasks share the folder without talking to each other, an issue is
# never split between them, and together they clean what one unsharded run would. Each
# writes its own output folder, OUT/shard-I-of-N (its own summary.json and index.html);
# their page folders never overlap, so `cp -a OUT/shard-*/. OUT/all/` makes one tree.
# A task run again skips the pages it finished, so a failed task is simply resubmitted
# (sbatch --array=I examples/slurm-batch.sh).
#
# Shards are numbered from 1: keep --array=1-N, N as many tasks as you want (the tasks
# read N from SLURM_ARRAY_TASK_COUNT).
#SBATCH --job-name=newsmend
#SBATCH --array=1-16
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=newsmend-%A_%a.log
set -euo pipefail

: "${SCANS:?set SCANS to the scan folder (one folder per issue)}"
: "${OUT:?set OUT to the folder the shards write under}"
: "${SLURM_ARRAY_TASK_ID:?run this as a Slurm array: sbatch examples/slurm-batch.sh}"
: "${SLURM_ARRAY_TASK_COUNT:?run this as a Slurm array: sbatch examples/slurm-batch.sh}"
NEWSMEND=${NEWSMEND:-newsmend}

i=$SLURM_ARRAY_TASK_ID
n=$SLURM_ARRAY_TASK_COUNT
# Exit 2 when a page failed: Slurm then marks the task failed, and its log names the page.
exec "$NEWSMEND" batch "$SCANS" -o "$OUT/shard-$i-of-$n" --shard "$i/$n" \
  -j "${SLURM_CPUS_PER_TASK:-1}" --quiet
