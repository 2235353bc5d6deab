// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// Gives every profile of a model a text vector from its TRAINING events only: the extractive (no-LLM) insight, embedded
/// by the hashing embedder (IDF fitted on the item texts) and projected into the item factor space by a ridge projection
/// fitted on the items' texts and factors; optionally also the fused vector (<see cref="ProfileFusion"/>).
/// </summary>
public static class TextProfiles
{
    public static async Task<ProfileModel> AddAsync(ProfileModel model, bool fuse, bool dropBehaviour = false)
    {
        var items = new List<Item>(model.Catalog.Count);
        var texts = new List<string>(model.Catalog.Count);
        foreach (Item item in model.Catalog)
        {
            items.Add(item);
            texts.Add(TextProjection.ItemText(item));
        }

        HashingEmbeddingGenerator generator = HashingEmbeddingGenerator.Fit(texts);
        int rank = model.Factors.Rank;
        var factors = new Dictionary<ItemKey, ReadOnlyMemory<float>>();
        for (int j = 0; j < model.Factors.Items; j++)
        {
            factors[model.Matrix.Items[j]] = model.Factors.ItemFactors.Slice(j * rank, rank);
        }

        TextProjection projection = await new TextProjectionTrainer().FitAsync(items, factors, generator).ConfigureAwait(false);
        var enricher = new ExtractiveProfileEnricher();
        var profiles = new UserProfile[model.Profiles.Count];
        var insightTexts = new List<string>();
        var withInsight = new List<int>();
        for (int i = 0; i < profiles.Length; i++)
        {
            UserProfile profile = model.Profiles[i];
            EnrichmentResult result = enricher.Enrich(new EnrichmentRequest(profile, model.EventsOf(profile.Person).ToArray(), model.Catalog));
            profiles[i] = result.Insight is null ? profile : profile with { Insight = result.Insight };
            if (result.Insight is not null)
            {
                withInsight.Add(i);
                insightTexts.Add(TextProjection.InsightText(result.Insight));
            }
        }

        IReadOnlyList<float[]> vectors = await projection.ProjectTextsAsync(insightTexts, generator).ConfigureAwait(false);
        for (int t = 0; t < withInsight.Count; t++)
        {
            profiles[withInsight[t]] = profiles[withInsight[t]] with { TextVector = vectors[t] };
        }

        if (fuse)
        {
            var both = new List<int>();
            for (int i = 0; i < profiles.Length; i++)
            {
                if (profiles[i].TextVector.Length == rank && profiles[i].BehaviourVector.Length == rank)
                {
                    both.Add(i);
                }
            }

            var textRows = new float[both.Count * rank];
            var behaviourRows = new float[both.Count * rank];
            for (int b = 0; b < both.Count; b++)
            {
                profiles[both[b]].TextVector.Span.CopyTo(textRows.AsSpan(b * rank, rank));
                profiles[both[b]].BehaviourVector.Span.CopyTo(behaviourRows.AsSpan(b * rank, rank));
            }

            if (both.Count > 0)
            {
                IReadOnlyList<FusionResult> fused = new ProfileFusion().FuseBatch(model.Factors.ItemFactors, rank, textRows, behaviourRows);
                for (int b = 0; b < both.Count; b++)
                {
                    profiles[both[b]] = profiles[both[b]] with { FusedVector = fused[b].Vector };
                }
            }
        }

        if (dropBehaviour)
        {
            for (int i = 0; i < profiles.Length; i++)
            {
                profiles[i] = profiles[i] with { BehaviourVector = ReadOnlyMemory<float>.Empty };
            }
        }

        return model.WithProfiles(profiles);
    }
}
