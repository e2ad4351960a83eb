#!/usr/bin/env bash
# Fetch the jars listed in jars.txt from Maven Central into OUT, verifying each against
#   1. the publisher's checksum file next to it (<jar>.sha1), always, and
#   2. the SHA-256 pinned in jars.sha256, when the file pins one (every jar once it is filled;
#      REQUIRE_PINNED=1 makes a missing pin an error).
# It also checks that the base image ships the Hadoop release the connectors are built for, and that
# Hadoop's own project POM names the AWS SDK bundle version listed in jars.txt.
# Usage: fetch-jars.sh JARS_TXT JARS_SHA256 OUT HADOOP_VERSION
set -euo pipefail
jars_txt=$1 pins=$2 out=$3 hadoop=$4
repo=${MAVEN_REPO:-https://repo1.maven.org/maven2}
mkdir -p "$out"
fetch() { wget --quiet --tries=3 --timeout=60 -O "$2" "$1"; }

# The connectors must match the Hadoop client jars inside the base image (Hadoop's S3A docs: "the
# versions of hadoop-common and hadoop-aws must be identical").
if ! ls /opt/spark/jars/hadoop-client-api-"$hadoop".jar >/dev/null 2>&1; then
  echo "base image ships $(ls /opt/spark/jars/ | grep -o 'hadoop-client-api-.*\.jar' || echo 'no hadoop-client-api'), not Hadoop $hadoop: update SPARK_VERSIONS.hadoop" >&2
  exit 1
fi

: > "$out/tristack-jars.sha256"
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  IFS=: read -r group artifact version classifier <<<"$line"
  file="$artifact-$version${classifier:+-$classifier}.jar"
  url="$repo/${group//.//}/$artifact/$version/$file"
  fetch "$url" "$out/$file"
  fetch "$url.sha1" "$out/$file.sha1"
  expected_sha1=$(tr -d '[:space:]' < "$out/$file.sha1" | cut -c1-40)
  echo "$expected_sha1  $out/$file" | sha1sum --check --quiet - || { echo "$file: SHA-1 differs from $url.sha1" >&2; exit 1; }
  rm "$out/$file.sha1"
  pinned=$(awk -v f="$file" '$2 == f { print $1 }' "$pins")
  actual=$(sha256sum "$out/$file" | cut -d' ' -f1)
  if [[ -n "$pinned" ]]; then
    [[ "$pinned" == "$actual" ]] || { echo "$file: SHA-256 $actual, jars.sha256 pins $pinned" >&2; exit 1; }
  elif [[ "${REQUIRE_PINNED:-0}" == "1" ]]; then
    echo "$file: no SHA-256 pinned in jars.sha256" >&2; exit 1
  else
    echo "WARNING $file: no SHA-256 pinned in jars.sha256; verified against the publisher's .sha1 only" >&2
  fi
  echo "$actual  $file" >> "$out/tristack-jars.sha256"
done < "$jars_txt"

# hadoop-aws is built against one AWS SDK v2 bundle: Hadoop's project POM names it.
sdk=$(awk -F: '$1 == "software.amazon.awssdk" && $2 == "bundle" { print $3 }' "$jars_txt")
fetch "$repo/org/apache/hadoop/hadoop-project/$hadoop/hadoop-project-$hadoop.pom" /tmp/hadoop-project.pom
grep -q "<aws-java-sdk-v2.version>$sdk</aws-java-sdk-v2.version>" /tmp/hadoop-project.pom \
  || { echo "hadoop-project-$hadoop.pom does not name AWS SDK bundle $sdk" >&2; exit 1; }
cat "$out/tristack-jars.sha256"
