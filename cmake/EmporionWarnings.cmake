# emporion_warnings: the warning set every emporion target compiles with.
add_library(emporion_warnings INTERFACE)
target_compile_options(emporion_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual
  # Designated initializers (RouteSpec{.path = ...}) leave the rest default on purpose.
  -Wno-missing-field-initializers)
if(EMPORION_WERROR)
  target_compile_options(emporion_warnings INTERFACE -Werror)
endif()
if(EMPORION_SANITIZE)
  target_compile_options(emporion_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(emporion_warnings INTERFACE -fsanitize=address,undefined)
endif()
if(EMPORION_TSAN)
  target_compile_options(emporion_warnings INTERFACE -fsanitize=thread)
  target_link_options(emporion_warnings INTERFACE -fsanitize=thread)
endif()
