package net.twistedsuite.download;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar download-verticle-fat.jar [-conf FILE.json]}. */
public final class DownloadMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args,
        "download: the tutorial's file downloader as a server. Commands, one per line:\n"
            + "  download NAME  BEGIN NAME, a dot per line of the file (paced), then \" END NAME\"\n"
            + "  help           the commands\n"
            + "  quit           close once the downloads under way have finished\n"
            + "Several downloads run at once on one connection; files come only from `directory`.",
        DownloadOptions.SPEC, DownloadVerticle::new);
  }
}
