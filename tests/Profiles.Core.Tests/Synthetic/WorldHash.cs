// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Profiles.Core.Tests;

/// <summary>
/// SHA-256 of every field of a synthetic world (topics, items, accounts, events, future events and the whole ground
/// truth), serialised with invariant formatting: floats as their bit patterns, timestamps as Unix seconds, strings
/// length-prefixed, nulls marked. Two worlds have the same hash exactly when they are the same, byte for byte.
/// </summary>
internal static class WorldHash
{
    public static string Compute(SyntheticWorld world)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var w = new Writer(hash);

        w.Section("topics", world.Topics.Count);
        foreach (SyntheticTopic topic in world.Topics)
        {
            w.Int(topic.Index).Str(topic.Category).Str(topic.Name).Strings(topic.Vocabulary);
        }

        w.Section("platforms", world.Platforms.Count);
        foreach (PlatformId platform in world.Platforms)
        {
            w.Str(platform.Value);
        }

        w.Section("items", world.Items.Count);
        foreach (Item item in world.Items)
        {
            w.Str(item.Platform.Value).Str(item.Id.Value).Str(item.Title).Str(item.Description).Strings(item.Categories);
        }

        w.Section("accounts", world.Accounts.Count);
        foreach (AccountRecord account in world.Accounts)
        {
            Account(w, account);
        }

        Events(w, "events", world.Events);
        Events(w, "future", world.FutureEvents);

        SyntheticGroundTruth truth = world.GroundTruth;
        w.Section("persons", truth.PersonCount);
        for (int p = 0; p < truth.PersonCount; p++)
        {
            w.Str(truth.NameOf(p)).Int(truth.NamesakeOf(p) ?? -1);
            foreach (float weight in truth.TasteOf(p))
            {
                w.Float(weight);
            }

            IReadOnlyList<AccountRecord> accounts = truth.AccountsOf(p);
            w.Int(accounts.Count);
            foreach (AccountRecord account in accounts)
            {
                w.Str(account.Platform.Value).Str(account.Account.Value);
            }
        }

        w.Section("bots", truth.BotAccounts.Count);
        foreach (AccountRecord bot in truth.BotAccounts)
        {
            w.Str(bot.Platform.Value).Str(bot.Account.Value);
        }

        w.Section("dirty", truth.DirtyRows.Count);
        foreach (DirtyRow row in truth.DirtyRows)
        {
            w.Int(row.Index).Int((int)row.Kind);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static void Account(Writer w, AccountRecord a) =>
        w.Str(a.Platform.Value).Str(a.Account.Value).Str(a.Email).Str(a.Phone).Str(a.DisplayName).Int(a.BirthYear ?? int.MinValue)
            .Str(a.City).Strings(a.DeviceIds);

    private static void Events(Writer w, string name, IReadOnlyList<InteractionEvent> events)
    {
        w.Section(name, events.Count);
        foreach (InteractionEvent e in events)
        {
            w.Str(e.Platform.Value).Str(e.Account.Value).Str(e.Item.Value).Str(e.Kind.Value).Long(e.Timestamp.ToUnixTimeSeconds())
                .Long(e.Timestamp.Offset.Ticks).Int(e.Value.HasValue ? 1 : 0).Float(e.Value ?? 0f).Str(e.Text);
        }
    }

    private sealed class Writer(IncrementalHash hash)
    {
        private readonly byte[] _buffer = new byte[8];

        public Writer Section(string name, int count) => Str(name).Int(count);

        public Writer Int(int value)
        {
            BitConverter.TryWriteBytes(_buffer, value);
            hash.AppendData(_buffer, 0, 4);
            return this;
        }

        public Writer Long(long value)
        {
            BitConverter.TryWriteBytes(_buffer, value);
            hash.AppendData(_buffer, 0, 8);
            return this;
        }

        public Writer Float(float value) => Int(BitConverter.SingleToInt32Bits(value));

        public Writer Str(string? value)
        {
            if (value is null)
            {
                return Int(-1);
            }

            Int(value.Length);
            hash.AppendData(Encoding.UTF8.GetBytes(value));
            return this;
        }

        public Writer Strings(IReadOnlyList<string> values)
        {
            Int(values.Count);
            foreach (string value in values)
            {
                Str(value);
            }

            return this;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Writer({hash.AlgorithmName})");
    }
}
