// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace Profiles.Demo;

/// <summary>
/// A small file-backed <see cref="IDistributedCache"/>: entries live in memory and are written to one JSON file by
/// <see cref="Flush"/> (atomically: a temporary file, then a rename), and read back on construction, so a second run of
/// the demo finds the insights of the first and makes no LLM call for them.
/// </summary>
/// <remarks><para>Absolute and relative expirations are honoured; sliding expiration is treated as absolute from the
/// last write. Thread-safe. For more than one process, use a real distributed cache (Redis, SQL Server).</para></remarks>
internal sealed class JsonFileDistributedCache : IDistributedCache
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries;
    private bool _dirty;

    /// <summary>Initializes a new instance of the <see cref="JsonFileDistributedCache"/> class, loading <paramref name="path"/> when it exists.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="time">The clock for expirations; <see langword="null"/> for the system clock.</param>
    /// <exception cref="InvalidDataException">The file exists but is not a cache file.</exception>
    public JsonFileDistributedCache(string path, TimeProvider? time = null)
    {
        _path = System.IO.Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
        _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (File.Exists(_path))
        {
            try
            {
                Dictionary<string, Entry>? stored = JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllBytes(_path));
                foreach (KeyValuePair<string, Entry> pair in stored ?? [])
                {
                    _entries[pair.Key] = pair.Value;
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"The insight cache {_path} is not a cache file: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Gets the number of entries, expired ones included until the next flush.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Gets the file the cache is kept in.</summary>
    public string Path => _path;

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out Entry? entry))
            {
                return null;
            }

            if (entry.ExpiresAt is { } expires && expires <= _time.GetUtcNow())
            {
                _entries.Remove(key);
                _dirty = true;
                return null;
            }

            return entry.Value;
        }
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset? expires = options.AbsoluteExpiration
            ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : (DateTimeOffset?)null)
            ?? (options.SlidingExpiration is { } sliding ? now + sliding : (DateTimeOffset?)null);
        lock (_gate)
        {
            _entries[key] = new Entry(value, expires);
            _dirty = true;
        }
    }

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Refresh(string key) => ArgumentNullException.ThrowIfNull(key);

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        Refresh(key);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _dirty |= _entries.Remove(key);
        }
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    /// <summary>Writes the entries that have not expired to the file when anything changed since the last flush.</summary>
    public void Flush()
    {
        byte[] bytes;
        lock (_gate)
        {
            if (!_dirty)
            {
                return;
            }

            DateTimeOffset now = _time.GetUtcNow();
            var live = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (pair.Value.ExpiresAt is not { } expires || expires > now)
                {
                    live[pair.Key] = pair.Value;
                }
            }

            bytes = JsonSerializer.SerializeToUtf8Bytes(live);
            _dirty = false;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        string temporary = _path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, _path, overwrite: true);
    }

    /// <summary>One stored value and when it expires.</summary>
    /// <param name="Value">The bytes.</param>
    /// <param name="ExpiresAt">When the entry expires; <see langword="null"/> for never.</param>
    internal sealed record Entry(byte[] Value, DateTimeOffset? ExpiresAt);
}
