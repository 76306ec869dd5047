# ===================================================
# Directory for third party module config files.
#
# Modules can be disabled by adding a '#' in front
# of the "LoadModule" line e.g. "#LoadModule"
#
# Files are automatically included if the name
# begins with a three digit number followed by '_'
# and ending in '.conf' e.g. '080_mod_php.conf'
#
# Maintainers can also include instructions how to 
# use the module (instead pkg-message).
#

