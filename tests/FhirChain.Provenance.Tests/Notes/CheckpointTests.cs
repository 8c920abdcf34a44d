using FhirChain.Provenance.Notes;

namespace FhirChain.Provenance.Tests.Notes;

public sealed class CheckpointTests
{
    private static readonly byte[] Root = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Checkpoint_text_is_origin_size_base64_root_and_extensions()
    {
        var text = new Checkpoint("fhirchain.example/log", 1234, Root, ["ext one"]).ToNoteText();

        text.ShouldBe("fhirchain.example/log\n1234\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\next one\n");
    }

    [Fact]
    public void Checkpoint_round_trips_through_its_note_text()
    {
        var parsed = Checkpoint.Parse(new Checkpoint("origin", 7, Root, []).ToNoteText());

        parsed.IsValid.ShouldBeTrue(parsed.Error);
        parsed.Checkpoint!.Origin.ShouldBe("origin");
        parsed.Checkpoint.Size.ShouldBe(7);
        parsed.Checkpoint.RootHash.ShouldBe(Root);
        parsed.Checkpoint.Extensions.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("origin\n7\n", "at least three lines")]
    [InlineData("origin\n07\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2 (tree size)")]
    [InlineData("origin\n-7\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2 (tree size)")]
    [InlineData("origin\n7\nAAEC\n", "line 3 (root hash)")]
    [InlineData("origin\n7\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "end with a newline")]
    [InlineData("\n7\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 1 (origin)")]
    public void Malformed_checkpoints_are_refused_naming_the_line(string text, string message)
    {
        var parsed = Checkpoint.Parse(text);

        parsed.IsValid.ShouldBeFalse();
        parsed.Error!.ShouldContain(message);
    }
}
