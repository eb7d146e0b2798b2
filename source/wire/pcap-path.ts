// `--pcap -`: the capture goes to standard output (tcp-tui run only). Its own module so the
// command line can check it without loading the pcap writer.
export const STDOUT_PATH = '-';
