# Warnings list, each flag probed so that gcc and clang both build cleanly.
include(CheckCCompilerFlag)
set(PF_WARNING_FLAGS "")
foreach(flag -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
             -Wmissing-declarations -Wwrite-strings -Wformat=2 -Wvla
             -Wpointer-arith -Wundef -Wimplicit-fallthrough -Wnull-dereference
             -Wdouble-promotion -Wold-style-definition -Wno-unused-parameter
             -Wno-format-nonliteral)
  string(MAKE_C_IDENTIFIER "HAVE${flag}" var)
  check_c_compiler_flag(${flag} ${var})
  if(${var})
    list(APPEND PF_WARNING_FLAGS ${flag})
  endif()
endforeach()
if(PF_WERROR)
  list(APPEND PF_WARNING_FLAGS -Werror)
endif()
