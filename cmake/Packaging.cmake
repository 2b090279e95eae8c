# The Debian package (CPack DEB): `cpack -G DEB` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr (scripts/package.sh does both, for amd64 and arm64).
#
#   /usr/bin/lectern                      the program (install rule in src/app)
#   /usr/share/lectern/{content,voices}   the bundled articles and voices (top-level install rules)
#   /etc/lectern/lectern.toml             the settings, a conffile: dpkg keeps an edited file
#   /usr/lib/systemd/system/lectern.service   enabled and started by the maintainer scripts
#   /usr/share/doc/lectern/               copyright, changelog.Debian.gz, README.md, raspberry-pi.md
#   /usr/share/man/man1/lectern.1.gz      the manual page
#   /usr/share/lintian/overrides/lectern  lintian overrides, each explained
#
# Dependencies on libraries come from the binary (dpkg-shlibdeps); the fonts are named here, since
# the program finds them through fontconfig at run time and no linker sees them.
set(LECTERN_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(LECTERN_DEB_RELEASE 1)

install(FILES ${LECTERN_PACKAGING_DIR}/lectern.toml
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/lectern)
install(FILES ${LECTERN_PACKAGING_DIR}/lectern.service DESTINATION lib/systemd/system)

# Debian's doc folder: the copyright file, the changelog compressed the way dh_installchangelogs
# does it (gzip -9n: no name or time stamp, so the package builds reproducibly).
set(doc_dir ${CMAKE_INSTALL_DATADIR}/doc/lectern)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/packaging)
set(changelog ${LECTERN_PACKAGING_DIR}/debian/changelog)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${changelog})
file(STRINGS ${changelog} changelog_head LIMIT_COUNT 1)
if(NOT changelog_head MATCHES "^lectern \\(${PROJECT_VERSION}-${LECTERN_DEB_RELEASE}\\) ")
  message(FATAL_ERROR "packaging/debian/changelog starts with '${changelog_head}', but the package "
                      "is ${PROJECT_VERSION}-${LECTERN_DEB_RELEASE}: add an entry for it")
endif()
execute_process(COMMAND gzip -9nc ${changelog}
                OUTPUT_FILE ${PROJECT_BINARY_DIR}/packaging/changelog.Debian.gz
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND gzip -9nc ${LECTERN_PACKAGING_DIR}/lectern.1
                OUTPUT_FILE ${PROJECT_BINARY_DIR}/packaging/lectern.1.gz
                COMMAND_ERROR_IS_FATAL ANY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${LECTERN_PACKAGING_DIR}/lectern.1)
install(FILES ${PROJECT_BINARY_DIR}/packaging/lectern.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# Every override is explained in the file.
install(FILES ${LECTERN_PACKAGING_DIR}/debian/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME lectern)
install(FILES ${LECTERN_PACKAGING_DIR}/debian/copyright
              ${PROJECT_BINARY_DIR}/packaging/changelog.Debian.gz
              ${PROJECT_SOURCE_DIR}/README.md ${LECTERN_PACKAGING_DIR}/raspberry-pi.md
        DESTINATION ${doc_dir})

# The conffiles list names the settings file where this build installs it (/etc with /usr).
file(WRITE ${PROJECT_BINARY_DIR}/packaging/conffiles
     "${CMAKE_INSTALL_FULL_SYSCONFDIR}/lectern/lectern.toml\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lectern)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "accessible read-aloud kiosk for patient-education articles")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Lectern reads patient-education articles aloud, section by section, through
headphones, while a full-screen display shows the sentence being spoken in very
large, high-contrast print. It is meant for low-vision patients in hospital
waiting rooms, on a Raspberry Pi or a PC with a touch screen, a USB keypad or a
keyboard.
.
The package runs the kiosk as a hardened systemd service (lectern.service),
reads its settings from /etc/lectern/lectern.toml and includes a self-test,
`lectern check`, for installers and monitoring.")
set(CPACK_PACKAGE_CONTACT "Lectern maintainers <maintainers@lectern.example.org>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${LECTERN_DEB_RELEASE})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# B612 first: the kiosk prefers it to DejaVu Sans (Atkinson Hyperlegible is not in Debian 12).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-b612 | fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "alsa-utils")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/packaging/conffiles ${LECTERN_PACKAGING_DIR}/debian/postinst
    ${LECTERN_PACKAGING_DIR}/debian/prerm ${LECTERN_PACKAGING_DIR}/debian/postrm)
# Policy modes for the control files (0755 scripts, 0644 lists) whatever the checkout's modes.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# Cross builds say which Debian architecture they are for; a native build asks dpkg.
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
endif()
include(CPack)
