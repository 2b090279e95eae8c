# Cross-compiling for 64-bit Raspberry Pi OS / Debian arm64 on a Debian 12 amd64 machine
# (DESIGN.md §5). Needs crossbuild-essential-arm64, qemu-user and the :arm64 -dev packages
# (scripts/deps.sh installs them). Used by the rpi-arm64 presets and scripts/package.sh.
#
# Libraries come from Debian's multiarch folders (/usr/lib/aarch64-linux-gnu), so there is no
# sysroot: every -dev package the build needs is co-installable as :arm64 on Debian 12.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(LECTERN_TRIPLET aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${LECTERN_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${LECTERN_TRIPLET}-g++)
set(CMAKE_STRIP ${LECTERN_TRIPLET}-strip)
set(CMAKE_LIBRARY_ARCHITECTURE ${LECTERN_TRIPLET})
# pkg-config's cross wrapper reads only the arm64 .pc files.
set(PKG_CONFIG_EXECUTABLE ${LECTERN_TRIPLET}-pkg-config CACHE FILEPATH "pkg-config for arm64")

# Programs (the compiler, gzip, dpkg) are the host's; libraries and headers the target's.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# Tests run under user-mode QEMU. Without -L: libc6:arm64 puts the arm64 loader at
# /lib/ld-linux-aarch64.so.1 on the host, and with -L /usr/aarch64-linux-gnu eSpeak NG was seen to
# spin for ever (DESIGN.md §5).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
