#!/bin/sh
# deb_src_list.sh OUT: writes a deb-src list for this machine's Debian
# release to OUT, built from the repositories apt is already configured
# with (apt's own parse of sources.list and sources.list.d, one-line and
# deb822 alike), so no mirror is named anywhere in the repository.
# Only the running release's own suite is kept: third-party repositories
# rarely publish source indexes, and -updates/-security move under the
# ports (their indexes can name files a mirror no longer holds), while the
# release suite is fixed for a point release.
set -eu
out=${1:?usage: deb_src_list.sh OUT}
codename=$( . /etc/os-release && echo "${VERSION_CODENAME:-}" )
if [ -z "$codename" ]; then
  echo "deb_src_list: /etc/os-release names no VERSION_CODENAME" >&2
  exit 1
fi
apt-get indextargets --format '$(TARGET_OF) $(REPO_URI) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' |
  awk -v rel="$codename" '$1 == "deb" && $3 == rel {
      print "deb-src " $2 " " $3 " " $4 }' | sort -u > "$out"
if [ ! -s "$out" ]; then
  echo "deb_src_list: apt has no repository of Debian '$codename' configured (apt-get indextargets lists none)" >&2
  exit 1
fi
