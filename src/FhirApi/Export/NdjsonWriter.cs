using System.Text;
using System.Text.Json;

namespace FhirChain.FhirApi.Export;

/// <summary>
/// One NDJSON file being written, one resource per line. Stored JSON can be copied as the UTF-8 bytes
/// the database returns (no decoding to a string and encoding back); a document that spans lines
/// (pretty-printed) is compacted first.
/// </summary>
internal sealed class NdjsonWriter(string path) : IAsyncDisposable
{
    private static readonly byte[] LineEnd = "\n"u8.ToArray();
    private readonly FileStream file = new(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true);
    private readonly MemoryStream document = new();

    /// <summary>The lines written.</summary>
    public int Count { get; private set; }

    public async Task WriteAsync(string json, CancellationToken cancellationToken)
    {
        var line = json.Contains('\n', StringComparison.Ordinal) ? Compact(json) : json;
        await file.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        await file.WriteAsync(LineEnd, cancellationToken);
        Count++;
    }

    /// <summary>Writes a JSON document read as UTF-8 bytes.</summary>
    public async Task WriteUtf8Async(Stream json, CancellationToken cancellationToken)
    {
        document.SetLength(0);
        await json.CopyToAsync(document, cancellationToken);
        var bytes = document.GetBuffer().AsMemory(0, (int)document.Length);
        if (bytes.Span.IndexOf((byte)'\n') >= 0)
        {
            await WriteAsync(Encoding.UTF8.GetString(bytes.Span), cancellationToken);
            return;
        }

        await file.WriteAsync(bytes, cancellationToken);
        await file.WriteAsync(LineEnd, cancellationToken);
        Count++;
    }

    public async ValueTask DisposeAsync()
    {
        await file.DisposeAsync();
        await document.DisposeAsync();
    }

    private static string Compact(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(parsed.RootElement);
    }
}
