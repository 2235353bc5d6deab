// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public class MovieLensTests
{
    [Fact]
    public async Task LoadAsync_LatestSmall_HasTheDocumentedCounts()
    {
        MovieLensDataset data = await MovieLens.LoadAsync(Datasets.MovieLensSmall);

        Assert.Equal(100_836, data.Ratings.Count);
        Assert.Equal(610, data.Ratings.Select(r => r.Account).Distinct().Count());
        Assert.Equal(9_742, data.Movies.Count);
        Assert.Equal(3_683, data.Tags.Count);
        Assert.Equal(0, data.Report.Count(RejectionReason.Malformed));

        InteractionEvent first = data.Ratings[0];
        Assert.Equal(new InteractionEvent(MovieLens.Platform, "1", "1", EventKind.Rating, DateTimeOffset.FromUnixTimeSeconds(964982703)) { Value = 4f }, first);
        Item toyStory = data.Movies[MovieLens.Platform, "1"];
        Assert.Equal("Toy Story (1995)", toyStory.Title);
        Assert.Equal(["Adventure", "Animation", "Children", "Comedy", "Fantasy"], toyStory.Categories);
        Assert.Equal("funny", data.Tags[0].Text);
        Assert.Equal(EventKind.Comment, data.Tags[0].Kind);

        // The data is clean: with bot detection off every rating survives. With it on, the 11 users who rated more than
        // the robust threshold (about 531) in a single day are flagged, and nothing else is touched.
        CleanedEvents all = new EventCleaner(new EventCleanerOptions { DetectBots = false }).Clean(data.Ratings);
        Assert.Equal(100_836, all.Events.Count);
        CleanedEvents cleaned = new EventCleaner().Clean(data.Ratings);
        Assert.Equal(11, cleaned.Report.BotAccounts.Count);
        Assert.Equal(cleaned.Report.Rejected, cleaned.Report.Count(RejectionReason.BotLikeAccount));
        Assert.True(cleaned.Report.IsBalanced);
    }

    [Fact]
    public async Task LoadAsync_100KLayout_ReadsLatin1TitlesGenresAndUsers()
    {
        string dir = Directory.CreateTempSubdirectory("ml100k").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\nbroken line\n");
            await File.WriteAllBytesAsync(Path.Combine(dir, "u.item"), Encoding.Latin1.GetBytes(
                "242|Kolya (1996)|24-Jan-1997||http://us.imdb.com/M/title-exact?Kolya%20(1996)|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                + "302|L.A. Confidential (1997)|01-Jan-1997||url|0|0|0|0|0|0|1|0|0|0|1|0|0|1|0|0|1|0|0\n"
                + "1300|Café au Lait (1993)|01-Jan-1993||url|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"));
            await File.WriteAllTextAsync(Path.Combine(dir, "u.user"), "1|24|M|technician|85711\n2|53|F|other|94043\n");

            MovieLensDataset data = await MovieLens.LoadAsync(dir);

            Assert.Equal(2, data.Ratings.Count);
            Assert.Equal(new InteractionEvent(MovieLens.Platform, "196", "242", EventKind.Rating, DateTimeOffset.FromUnixTimeSeconds(881250949)) { Value = 3f },
                data.Ratings[0]);
            Assert.Equal(1, data.Report.Count(RejectionReason.Malformed));
            Assert.Equal(3L, data.Report.Samples(RejectionReason.Malformed)[0].LineNumber);
            Assert.Equal("Café au Lait (1993)", data.Movies[MovieLens.Platform, "1300"].Title);
            Assert.Equal(["Crime", "Film-Noir", "Mystery", "Thriller"], data.Movies[MovieLens.Platform, "302"].Categories);
            Assert.Equal(new MovieLensUser("2", 53, "F", "other", "94043"), data.Users[1]);
            Assert.Empty(data.Tags);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task LoadAsync_NeitherLayout_ThrowsDirectoryNotFound()
    {
        string dir = Directory.CreateTempSubdirectory("empty").FullName;
        try
        {
            await Assert.ThrowsAsync<DirectoryNotFoundException>(() => MovieLens.LoadAsync(dir));
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
