// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Profiles.Core;

namespace Profiles.Demo;

/// <summary>One recommended item with its explanation.</summary>
/// <param name="Item">The item.</param>
/// <param name="Title">Its title.</param>
/// <param name="Score">The recommender's score (for the softmax scorer, the item's probability).</param>
/// <param name="Explanation">What drove it, from the recommender.</param>
/// <param name="HappenedLater">Whether the person interacted with it in the held-out events.</param>
internal sealed record ExampleRecommendation(ItemKey Item, string Title, float Score, string Explanation, bool HappenedLater);

/// <summary>An example person for the console: accounts across platforms, interests with evidence, the insight, and
/// recommendations with explanations.</summary>
/// <param name="Profile">The fused profile.</param>
/// <param name="Accounts">The accounts, each with its display name when the records have one.</param>
/// <param name="TruePersons">How many true persons the accounts belong to (world only; 1 means identity resolution got them right).</param>
/// <param name="Events">The number of training events.</param>
/// <param name="Source">How the recommender served the person.</param>
/// <param name="Recommendations">The top recommendations.</param>
internal sealed record ExamplePerson(UserProfile Profile, IReadOnlyList<string> Accounts, int? TruePersons, int Events, RecommendationSource Source,
    IReadOnlyList<ExampleRecommendation> Recommendations)
{
    /// <summary>Builds the example for one person.</summary>
    /// <param name="model">The fused model.</param>
    /// <param name="recommender">The recommender over <paramref name="model"/>.</param>
    /// <param name="profile">The person's fused profile.</param>
    /// <param name="records">The account records, for display names.</param>
    /// <param name="world">The world, for the ground truth; <see langword="null"/> for MovieLens.</param>
    /// <param name="future">The held-out (person, item) pairs.</param>
    /// <param name="count">How many recommendations.</param>
    /// <returns>The example.</returns>
    public static ExamplePerson Create(ProfileModel model, ModelRecommender recommender, UserProfile profile,
        IReadOnlyDictionary<AccountKey, AccountRecord> records, SyntheticWorld? world, HashSet<(int, ItemKey)> future, int count)
    {
        var accounts = new List<string>();
        var truth = new HashSet<int?>();
        foreach (AccountKey account in profile.Accounts)
        {
            string name = records.TryGetValue(account, out AccountRecord? record) && record.DisplayName is { } display ? $" (\"{display.Trim()}\")" : string.Empty;
            accounts.Add($"{account.Platform}/{account.Account}{name}");
            if (world is not null)
            {
                truth.Add(world.GroundTruth.PersonOf(account.Platform, account.Account));
            }
        }

        RecommendationList list = recommender.Recommend(profile, new RecommendationOptions { Count = count });
        var recommendations = new List<ExampleRecommendation>(list.Count);
        foreach (Recommendation r in list)
        {
            string title = model.Catalog.TryGet(r.Item.Platform, r.Item.Item, out Item? item) ? item.Title : r.Item.Item.Value;
            recommendations.Add(new ExampleRecommendation(r.Item, title, r.Score, r.Explanation.Summary, future.Contains((profile.Person.Value, r.Item))));
        }

        return new ExamplePerson(profile, accounts, world is null ? null : truth.Count, model.EventsOf(profile.Person).Length, list.Source, recommendations);
    }
}
