/* archive search: written by the export engine */
