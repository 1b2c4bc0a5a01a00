# Sourced by Bulwark's scripts: finds a JDK >= 21 and a Maven >= 3.9, fetching Maven if needed.
# Exports JAVA_HOME and MVN; prints what to install when no JDK qualifies.

BULWARK_MIN_JAVA=21
BULWARK_MAVEN_VERSION=3.9.16
BULWARK_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/bulwark"

# Prints the feature release (e.g. 21) of the java binary given, or nothing. Reads the JDK's release
# file when there is one (starting a JVM to ask costs a tenth of a second on every launch).
java_major() {
  local release version
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release" | head -n 1)
    if [ -n "$version" ] && [ "$version" != 1 ]; then
      echo "$version"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

# Sets JAVA_HOME (and BULWARK_JAVA_MAJOR, its feature release) to the first JDK >= 21: $JAVA_HOME, then /usr/lib/jvm/* (newest first), then java on PATH.
find_java() {
  local candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r home; do candidates+=("$home"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
  fi
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$BULWARK_MIN_JAVA" ]; then
      export JAVA_HOME="$home"
      export BULWARK_JAVA_MAJOR="$major"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  {
    echo "error: Bulwark needs a JDK $BULWARK_MIN_JAVA or newer; none found in \$JAVA_HOME, /usr/lib/jvm or on PATH."
    echo "       Install one, e.g. 'apt-get install openjdk-21-jdk' (Debian/Ubuntu), 'brew install openjdk@21' (macOS)"
    echo "       or a Temurin 21 build from adoptium.net, then set JAVA_HOME to it."
  } >&2
  return 1
}

# Sets MVN to a Maven >= 3.9: mvn on PATH if new enough, else Apache Maven $BULWARK_MAVEN_VERSION from Maven Central.
find_maven() {
  local version home="$BULWARK_CACHE/apache-maven-$BULWARK_MAVEN_VERSION"
  if command -v mvn >/dev/null 2>&1; then
    version=$(mvn -v 2>/dev/null | sed -n 's/.*Apache Maven \([0-9][0-9.]*\).*/\1/p' | head -n 1)
    if [ -n "$version" ] && [ "$(printf '%s\n' 3.9 "$version" | sort -V | head -n 1)" = 3.9 ]; then
      MVN=mvn
      return 0
    fi
  fi
  if [ ! -x "$home/bin/mvn" ]; then
    local url="https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$BULWARK_MAVEN_VERSION/apache-maven-$BULWARK_MAVEN_VERSION-bin.tar.gz"
    echo "maven: ${version:+found Maven $version, older than 3.9; }fetching Apache Maven $BULWARK_MAVEN_VERSION into $BULWARK_CACHE ..." >&2
    mkdir -p "$BULWARK_CACHE"
    if ! curl -fsSL --retry 3 "$url" | tar -xz -C "$BULWARK_CACHE"; then
      echo "error: could not download Maven from $url; install Maven >= 3.9 and put mvn on PATH." >&2
      return 1
    fi
  fi
  MVN="$home/bin/mvn"
}
