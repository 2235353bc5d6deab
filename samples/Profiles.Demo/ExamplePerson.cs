// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Profiles.Core;

namespace Profiles.Demo;

/// <summary>One recommended item with its explanation.</summary>
/// <param name="Item">The item.</param>
/// <param name="Title">Its title.</param>
/// <param name="Score">The fused vector's score.</param>
/// <param name="Explanation">Which interests and which item of the person's history drove it.</param>
/// <param name="HappenedLater">Whether the person interacted with it in the held-out window.</param>
internal sealed record ExampleRecommendation(ItemKey Item, string Title, float Score, string Explanation, bool HappenedLater);

/// <summary>An example person for the console: accounts across platforms, interests with evidence, the insight, and
/// recommendations with explanations.</summary>
/// <param name="Profile">The fused profile.</param>
/// <param name="Accounts">The accounts, each with its display name when the records have one.</param>
/// <param name="TruePersons">How many true persons the accounts belong to (world only; 1 means identity resolution got them right).</param>
/// <param name="Events">The number of training events.</param>
/// <param name="Recommendations">The top recommendations.</param>
internal sealed record ExamplePerson(UserProfile Profile, IReadOnlyList<string> Accounts, int? TruePersons, int Events,
    IReadOnlyList<ExampleRecommendation> Recommendations)
{
    /// <summary>Builds the example for one person.</summary>
    /// <param name="model">The fused model.</param>
    /// <param name="profile">The person's fused profile.</param>
    /// <param name="records">The account records, for display names.</param>
    /// <param name="world">The world, for the ground truth; <see langword="null"/> for MovieLens.</param>
    /// <param name="future">The held-out (person, item) pairs.</param>
    /// <param name="count">How many recommendations.</param>
    /// <returns>The example.</returns>
    public static ExamplePerson Create(ProfileModel model, UserProfile profile, IReadOnlyDictionary<AccountKey, AccountRecord> records,
        SyntheticWorld? world, HashSet<(int, ItemKey)> future, int count)
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

        int d = model.Factors.Rank;
        _ = model.Matrix.TryGetRow(profile.Person, out int row);
        int[] seen = model.Matrix.Seen.RowColumns(row).ToArray();
        var indices = new int[count];
        var scores = new float[count];
        TopK.Search(profile.FusedVector, model.Factors.ItemFactors, d, count, indices, scores, TopKSeenItems.FromLists([seen]));

        // The person's strongest history items, for "close to ..." explanations.
        int[] history = model.Matrix.ByPerson.RowColumns(row).ToArray();
        float[] weights = model.Matrix.ByPerson.RowValues(row).ToArray();
        int[] strongest = [.. Enumerable.Range(0, history.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).Take(20).Select(i => history[i])];
        ReadOnlySpan<float> items = model.Factors.ItemFactors.Span;
        var recommendations = new List<ExampleRecommendation>();
        for (int r = 0; r < count && indices[r] >= 0; r++)
        {
            ItemKey key = model.Matrix.Items[indices[r]];
            Item? item = model.Catalog.TryGet(key.Platform, key.Item, out Item? found) ? found : null;
            var reasons = new List<string>();
            if (item is not null)
            {
                foreach (Interest interest in profile.Interests)
                {
                    if (item.Categories.Contains(interest.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        reasons.Add($"your interest in {interest.Name} ({interest.Weight:P0})");
                    }
                }
            }

            int closest = -1;
            float best = float.NegativeInfinity;
            ReadOnlySpan<float> candidate = items.Slice(indices[r] * d, d);
            foreach (int column in strongest)
            {
                float similarity = TensorPrimitives.CosineSimilarity(candidate, items.Slice(column * d, d));
                if (similarity > best)
                {
                    (best, closest) = (similarity, column);
                }
            }

            if (closest >= 0)
            {
                ItemKey near = model.Matrix.Items[closest];
                string title = model.Catalog.TryGet(near.Platform, near.Item, out Item? nearItem) ? nearItem.Title : near.Item.Value;
                reasons.Add($"close to \"{title}\" ({near.Platform}, cosine {best:F2})");
            }

            recommendations.Add(new ExampleRecommendation(
                key, item?.Title ?? key.Item.Value, scores[r], string.Join("; ", reasons), future.Contains((profile.Person.Value, key))));
        }

        return new ExamplePerson(profile, accounts, world is null ? null : truth.Count, model.EventsOf(profile.Person).Length, recommendations);
    }
}
