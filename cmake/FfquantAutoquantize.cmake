# ffquant_autoquantize(): generate quantized model sources at build time.
#
#   ffquant_autoquantize(TARGET <target>
#                        SOURCES <model files...>
#                        [OUTPUT_DIR <dir>]      # default: ${CMAKE_CURRENT_BINARY_DIR}/quantized
#                        [BASE_DIR <dir>]        # outputs mirror the sources' paths below it
#                                                # (default: ${CMAKE_CURRENT_SOURCE_DIR})
#                        [PREFIX <prefix>]       # output file name prefix (default: quantized_)
#                        [DEPENDS <files...>]    # more inputs that change the output (with Ninja and
#                                                # Make, project headers are found by ffquant's depfile)
#                        [ARGS <arguments...>]   # more `ffquant autoquantize` arguments
#                        [OUTPUTS_VAR <var>])    # receives the list of generated files
#
# One custom command per model file runs `ffquant autoquantize <source> -o <output> --force
# <ARGS>`; it depends on the source, the DEPENDS files and the ffquant executable, so the build
# tool (Ninja, Make, or a remote-execution backend) reruns only what changed and runs the
# conversions in parallel. The generated files are added to <target>: C++ sources are compiled
# into it, headers and Python files are generated with it (a custom target works for Python).
# OUTPUT_DIR is added to <target>'s include path (`#include "models/quantized_net.h"`), and so are
# the sources' directories, since a generated C++ file includes the project headers of its original.
#
# The ffquant executable is the imported target ffquant::ffquant (from find_package(ffquant)),
# or the target ffquant inside ffquant's own build, or FFQUANT_EXECUTABLE if set.
include_guard(GLOBAL)

function(ffquant_autoquantize)
  cmake_parse_arguments(PARSE_ARGV 0 FQ "" "TARGET;OUTPUT_DIR;BASE_DIR;PREFIX;OUTPUTS_VAR" "SOURCES;DEPENDS;ARGS")
  if(NOT FQ_TARGET)
    message(FATAL_ERROR "ffquant_autoquantize: TARGET is required")
  endif()
  if(NOT TARGET ${FQ_TARGET})
    message(FATAL_ERROR "ffquant_autoquantize: ${FQ_TARGET} is not a target")
  endif()
  if(NOT FQ_SOURCES)
    message(FATAL_ERROR "ffquant_autoquantize: SOURCES is required")
  endif()
  if(FQ_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ffquant_autoquantize: unknown arguments ${FQ_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT DEFINED FQ_OUTPUT_DIR)
    set(FQ_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/quantized")
  endif()
  if(NOT DEFINED FQ_BASE_DIR)
    set(FQ_BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  if(NOT DEFINED FQ_PREFIX)
    set(FQ_PREFIX "quantized_")
  endif()
  get_filename_component(FQ_OUTPUT_DIR "${FQ_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  get_filename_component(FQ_BASE_DIR "${FQ_BASE_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  if(FFQUANT_EXECUTABLE)
    set(ffquant_command "${FFQUANT_EXECUTABLE}")
    set(ffquant_depends "${FFQUANT_EXECUTABLE}")
  elseif(TARGET ffquant::ffquant)
    set(ffquant_command "$<TARGET_FILE:ffquant::ffquant>")
    set(ffquant_depends "$<TARGET_FILE:ffquant::ffquant>")
  elseif(TARGET ffquant)
    set(ffquant_command "$<TARGET_FILE:ffquant>")
    set(ffquant_depends ffquant)
  else()
    message(FATAL_ERROR "ffquant_autoquantize: no ffquant executable (find_package(ffquant) or set FFQUANT_EXECUTABLE)")
  endif()

  set(outputs)
  set(include_dirs)
  foreach(source IN LISTS FQ_SOURCES)
    get_filename_component(source "${source}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    file(RELATIVE_PATH relative "${FQ_BASE_DIR}" "${source}")
    # A source outside BASE_DIR lands at the top of OUTPUT_DIR: never outside it.
    if(relative MATCHES "^\\.\\./" OR IS_ABSOLUTE "${relative}")
      get_filename_component(relative "${source}" NAME)
    endif()
    get_filename_component(relative_dir "${relative}" DIRECTORY)
    get_filename_component(name "${relative}" NAME)
    if(relative_dir)
      set(output "${FQ_OUTPUT_DIR}/${relative_dir}/${FQ_PREFIX}${name}")
    else()
      set(output "${FQ_OUTPUT_DIR}/${FQ_PREFIX}${name}")
    endif()
    if(output IN_LIST outputs)
      message(FATAL_ERROR "ffquant_autoquantize: two sources give the output ${output}")
    endif()
    get_filename_component(source_dir "${source}" DIRECTORY)
    list(APPEND include_dirs "${source_dir}")
    # ffquant writes a depfile of the project headers it read, so editing one reruns the
    # conversion (Ninja and Makefile generators; others rely on DEPENDS).
    set(depfile_arguments)
    set(depfile_option)
    if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
      set(depfile_arguments DEPFILE "${output}.d")
      set(depfile_option --depfile "${output}.d")
    endif()
    add_custom_command(
      OUTPUT "${output}"
      COMMAND ${ffquant_command} autoquantize "${source}" -o "${output}" --force ${depfile_option} ${FQ_ARGS}
      DEPENDS "${source}" ${ffquant_depends} ${FQ_DEPENDS}
      ${depfile_arguments}
      COMMENT "ffquant autoquantize ${relative}"
      VERBATIM)
    list(APPEND outputs "${output}")
  endforeach()

  target_sources(${FQ_TARGET} PRIVATE ${outputs})
  get_target_property(type ${FQ_TARGET} TYPE)
  if(NOT type STREQUAL "UTILITY")
    list(REMOVE_DUPLICATES include_dirs)
    target_include_directories(${FQ_TARGET} PRIVATE "${FQ_OUTPUT_DIR}" ${include_dirs})
  endif()
  if(FQ_OUTPUTS_VAR)
    set(${FQ_OUTPUTS_VAR} ${outputs} PARENT_SCOPE)
  endif()
endfunction()
