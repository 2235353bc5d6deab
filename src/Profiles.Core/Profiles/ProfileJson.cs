// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Writes and reads <see cref="UserProfile"/>s as JSON (System.Text.Json source generation, no reflection),
/// one profile per document, or many as JSON Lines.</summary>
/// <remarks>
/// <para>The format carries a version (currently 1); a document of another version, or one that is not a profile, fails
/// with an <see cref="InvalidDataException"/> that says why (and the line, for JSON Lines). Profiles hold no raw personal
/// data, so neither does their JSON.</para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public static class ProfileJson
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="profile"/> as one JSON document.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    public static string Serialize(UserProfile profile) =>
        JsonSerializer.Serialize(ToRecord(Throw.IfNull(profile)), ProfileJsonContext.Default.ProfileRecord);

    /// <summary>Reads a profile written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The text is not a profile of a supported version.</exception>
    public static UserProfile Deserialize(string json)
    {
        Throw.IfNull(json);
        return FromBytes(Encoding.UTF8.GetBytes(json), lineNumber: null);
    }

    /// <summary>Writes <paramref name="profiles"/> as JSON Lines (UTF-8, one profile per line).</summary>
    /// <param name="profiles">The profiles.</param>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written and flushed.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async Task WriteLinesAsync(IEnumerable<UserProfile> profiles, Stream stream, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(profiles);
        Throw.IfNull(stream);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        var writer = new Utf8JsonWriter(buffer);
        await using (writer.ConfigureAwait(false))
        {
            foreach (UserProfile profile in profiles)
            {
                JsonSerializer.Serialize(writer, ToRecord(Throw.IfNull(profile)), ProfileJsonContext.Default.ProfileRecord);
                writer.Flush();
                writer.Reset();
                buffer.GetSpan(1)[0] = (byte)'\n';
                buffer.Advance(1);
                if (buffer.WrittenCount >= 1 << 16)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                }
            }

            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads profiles written by <see cref="WriteLinesAsync"/>.</summary>
    /// <param name="stream">UTF-8 JSON Lines; not closed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profiles, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">A line is not a profile of a supported version (the message names the line).</exception>
    public static IAsyncEnumerable<UserProfile> ReadLinesAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        return JsonLines.ReadAsync(stream, (ReadOnlySpan<byte> line, long lineNumber, out UserProfile profile) =>
        {
            profile = FromBytes(line, lineNumber);
            return true;
        }, cancellationToken);
    }

    private static UserProfile FromBytes(ReadOnlySpan<byte> utf8, long? lineNumber)
    {
        string where = lineNumber is long line ? $" (line {line})" : string.Empty;
        ProfileRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(utf8, ProfileJsonContext.Default.ProfileRecord);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not a profile{where}: {ex.Message}", ex);
        }

        if (record is null)
        {
            throw new InvalidDataException($"Not a profile{where}: the document is JSON null.");
        }

        if (record.Version != FormatVersion)
        {
            throw new InvalidDataException($"Profile format version {record.Version}{where} is not supported; this library reads version {FormatVersion}.");
        }

        return FromRecord(record, where);
    }

    private static ProfileRecord ToRecord(UserProfile p)
    {
        var record = new ProfileRecord
        {
            Version = FormatVersion,
            Person = p.Person.Value,
            Accounts = [],
            Activity = [],
            Interests = [],
            Neighbours = [],
            Behaviour = p.BehaviourVector.IsEmpty ? null : p.BehaviourVector.ToArray(),
            Segment = p.Segment,
            Text = p.TextVector.IsEmpty ? null : p.TextVector.ToArray(),
            Fused = p.FusedVector.IsEmpty ? null : p.FusedVector.ToArray(),
            AsOf = p.AsOf,
        };
        foreach (AccountKey a in p.Accounts)
        {
            record.Accounts.Add(new AccountRecordJson { Platform = a.Platform.Value, Account = a.Account.Value });
        }

        foreach (PlatformActivity activity in p.Activity)
        {
            var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (KeyValuePair<EventKind, int> pair in activity.EventsByKind)
            {
                kinds[pair.Key.Value] = pair.Value;
            }

            record.Activity.Add(new ActivityRecord { Platform = activity.Platform.Value, Kinds = kinds, First = activity.FirstSeen, Last = activity.LastSeen });
        }

        foreach (Interest interest in p.Interests)
        {
            var evidence = new List<EvidenceRecord>(interest.Evidence.Count);
            foreach (InterestEvidence e in interest.Evidence)
            {
                evidence.Add(new EvidenceRecord
                {
                    Platform = e.Item.Platform.Value, Item = e.Item.Item.Value, Kind = e.Kind.Value, Timestamp = e.Timestamp, Weight = e.Weight,
                });
            }

            record.Interests.Add(new InterestRecord { Name = interest.Name, Weight = interest.Weight, Evidence = evidence });
        }

        foreach (Neighbour n in p.Neighbours)
        {
            record.Neighbours.Add(new NeighbourRecord { Person = n.Person.Value, Similarity = n.Similarity });
        }

        if (p.Insight is ProfileInsight insight)
        {
            var interests = new List<InsightInterestRecord>(insight.Interests.Count);
            foreach (InsightInterest i in insight.Interests)
            {
                var items = new List<ItemRefRecord>(i.Evidence.Count);
                foreach (ItemKey item in i.Evidence)
                {
                    items.Add(new ItemRefRecord { Platform = item.Platform.Value, Item = item.Item.Value });
                }

                interests.Add(new InsightInterestRecord { Tag = i.Tag, Weight = i.Weight, Evidence = items });
            }

            record.Insight = new InsightRecord { Summary = insight.Summary, Interests = interests, Confidence = insight.Confidence, Source = insight.Source };
        }

        return record;
    }

    private static UserProfile FromRecord(ProfileRecord r, string where)
    {
        var accounts = new List<AccountKey>();
        foreach (AccountRecordJson a in r.Accounts ?? [])
        {
            accounts.Add(new AccountKey(Required(a.Platform, "accounts[].platform", where), Required(a.Account, "accounts[].account", where)));
        }

        var activity = new List<PlatformActivity>();
        foreach (ActivityRecord a in r.Activity ?? [])
        {
            var kinds = new Dictionary<EventKind, int>();
            foreach (KeyValuePair<string, int> pair in a.Kinds ?? [])
            {
                kinds[EventKind.Parse(pair.Key)] = pair.Value;
            }

            activity.Add(new PlatformActivity(Required(a.Platform, "activity[].platform", where), kinds, a.First, a.Last));
        }

        var interests = new List<Interest>();
        foreach (InterestRecord i in r.Interests ?? [])
        {
            var evidence = new List<InterestEvidence>();
            foreach (EvidenceRecord e in i.Evidence ?? [])
            {
                evidence.Add(new InterestEvidence(
                    new ItemKey(Required(e.Platform, "evidence[].platform", where), Required(e.Item, "evidence[].item", where)),
                    EventKind.Parse(Required(e.Kind, "evidence[].kind", where)), e.Timestamp, e.Weight));
            }

            interests.Add(new Interest(Required(i.Name, "interests[].name", where), i.Weight) { Evidence = [.. evidence] });
        }

        var neighbours = new List<Neighbour>();
        foreach (NeighbourRecord n in r.Neighbours ?? [])
        {
            neighbours.Add(new Neighbour(new PersonId(n.Person), n.Similarity));
        }

        ProfileInsight? insight = null;
        if (r.Insight is InsightRecord ir)
        {
            var insightInterests = new List<InsightInterest>();
            foreach (InsightInterestRecord i in ir.Interests ?? [])
            {
                var items = new List<ItemKey>();
                foreach (ItemRefRecord item in i.Evidence ?? [])
                {
                    items.Add(new ItemKey(Required(item.Platform, "insight.interests[].evidence[].platform", where),
                        Required(item.Item, "insight.interests[].evidence[].item", where)));
                }

                insightInterests.Add(new InsightInterest(Required(i.Tag, "insight.interests[].tag", where), i.Weight) { Evidence = [.. items] });
            }

            insight = new ProfileInsight(ir.Summary ?? string.Empty, [.. insightInterests], ir.Confidence) { Source = ir.Source ?? string.Empty };
        }

        return new UserProfile(new PersonId(r.Person))
        {
            Accounts = [.. accounts],
            Activity = [.. activity],
            Interests = [.. interests],
            BehaviourVector = r.Behaviour ?? [],
            Segment = r.Segment,
            Neighbours = [.. neighbours],
            Insight = insight,
            TextVector = r.Text ?? [],
            FusedVector = r.Fused ?? [],
            AsOf = r.AsOf,
        };
    }

    private static string Required(string? value, string name, string where) =>
        value ?? throw new InvalidDataException($"Not a profile{where}: '{name}' is missing.");
}
