using System.Text;
using FhirChain.FhirApi.Export;

namespace FhirChain.FhirApi.Tests.Export;

/// <summary>An NDJSON file holds each document on one line, stored bytes unchanged.</summary>
public sealed class NdjsonWriterTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "fhirchain-tests", "ndjson-" + Guid.NewGuid().ToString("N") + ".ndjson");

    public NdjsonWriterTests() => Directory.CreateDirectory(Path.GetDirectoryName(path)!);

    [Fact]
    public async Task Stored_bytes_are_copied_as_they_are_and_a_multi_line_document_is_compacted()
    {
        const string Stored = """{"resourceType":"Patient","id":"p1","name":[{"family":"Müller-Łukasz 名"}]}""";
        await using (var writer = new NdjsonWriter(path))
        {
            await writer.WriteUtf8Async(new MemoryStream(Encoding.UTF8.GetBytes(Stored)), CancellationToken.None);
            await writer.WriteUtf8Async(new MemoryStream(Encoding.UTF8.GetBytes("{\n  \"resourceType\": \"Patient\",\n  \"id\": \"p2\"\n}")), CancellationToken.None);
            await writer.WriteAsync("""{"resourceType":"Patient","id":"p3"}""", CancellationToken.None);
            writer.Count.ShouldBe(3);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        bytes.AsSpan(0, Encoding.UTF8.GetByteCount(Stored) + 1).SequenceEqual(Encoding.UTF8.GetBytes(Stored + "\n")).ShouldBeTrue();
        (await File.ReadAllTextAsync(path)).Split('\n').ShouldBe(
            [Stored, """{"resourceType":"Patient","id":"p2"}""", """{"resourceType":"Patient","id":"p3"}""", string.Empty]);
    }

    public void Dispose() => File.Delete(path);
}
