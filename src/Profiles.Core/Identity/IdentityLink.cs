// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>A link between two accounts with its evidence: the rule that made it, each field's comparison and the match weight.</summary>
/// <remarks>
/// <para>
/// Deterministic and probabilistic links carry the comparison of all eight fields, so a deterministic link also shows
/// how the names, birth year and city compared. A <see cref="LinkRule.Manual"/> link carries no field evidence and a
/// weight of <see cref="double.PositiveInfinity"/>.
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class IdentityLink
{
    internal IdentityLink(AccountKey first, AccountKey second, LinkRule rule, double weight, IReadOnlyList<FieldEvidence> evidence)
    {
        First = first;
        Second = second;
        Rule = rule;
        Weight = weight;
        Evidence = evidence;
    }

    /// <summary>Gets the account that comes first in the resolver's input.</summary>
    public AccountKey First { get; }

    /// <summary>Gets the other account.</summary>
    public AccountKey Second { get; }

    /// <summary>Gets the rule that created the link.</summary>
    public LinkRule Rule { get; }

    /// <summary>Gets the match weight: the sum of the fields' <see cref="FieldEvidence.Weight"/>, in bits.</summary>
    public double Weight { get; }

    /// <summary>Gets each field's comparison level and weight, in <see cref="FellegiSunterModel.Fields"/> order; empty for a manual link.</summary>
    public IReadOnlyList<FieldEvidence> Evidence { get; }

    /// <summary>Returns a one-line description: the accounts, the rule, the weight and the fields that did not compare as missing.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        text.Append(First.ToString()).Append(" ~ ").Append(Second.ToString()).Append(' ').Append(Rule.ToString())
            .Append(' ').Append(Weight.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        foreach (FieldEvidence e in Evidence)
        {
            if (e.Level != FieldComparison.Missing)
            {
                text.Append(' ').Append(e.Field.ToString()).Append('=').Append(e.Level.ToString());
            }
        }

        return text.ToString();
    }
}
