"""The account-manager portal: data checks, site and calendar feeds (the `portal` command)."""
