using System.Text;
using FhirChain.Provenance.Leaves;

namespace FhirChain.Provenance.Tests.Leaves;

public sealed class LeafV1Tests
{
    private static readonly byte[] A = Enumerable.Repeat((byte)0xaa, 32).ToArray();
    private static readonly byte[] B = Enumerable.Repeat((byte)0xbb, 32).ToArray();

    private static LeafV1 Update() =>
        new(LeafOperation.Update, "Patient", "example", "2", "2024-05-01T10:00:00.123+00:00", A, B);

    [Fact]
    public void Leaf_encodes_to_the_eight_documented_lines()
    {
        Encoding.UTF8.GetString(Update().Encode()).ShouldBe(
            "fhirchain-leaf/v1\nop:update\ntype:Patient\nid:example\nversion:2\n" +
            "lastUpdated:2024-05-01T10:00:00.123+00:00\n" +
            "content:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" +
            "prev:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n");
    }

    [Fact]
    public void Leaf_hash_matches_a_hash_computed_independently_with_sha256sum()
    {
        // printf 'fhirchain-leaf/v1\nop:update\n...prev:bb..bb\n' | (printf '\x00'; cat) | sha256sum
        Convert.ToHexStringLower(Update().Hash()).ShouldBe("c6e82d149011c72cc48f698d0291126b43673da5870b56f7d47702e78f7ca8f1");
    }

    [Fact]
    public void Delete_leaf_has_an_empty_content_line_and_matches_an_independent_hash()
    {
        var leaf = new LeafV1(LeafOperation.Delete, "Observation", "obs-1", "3", "2024-05-02T08:30:00Z", null,
            Enumerable.Repeat((byte)0xcc, 32).ToArray());

        Encoding.UTF8.GetString(leaf.Encode()).ShouldContain("\ncontent:\nprev:cccc");
        Convert.ToHexStringLower(leaf.Hash()).ShouldBe("451d20a5f119d9c814bbb1e964b0784115a4d28b20de3a069ba0a18ac00e4e6e");
    }

    [Fact]
    public void Leaf_decodes_back_to_the_same_fields()
    {
        var decoded = LeafV1.Decode(Update().Encode());

        decoded.Operation.ShouldBe(LeafOperation.Update);
        decoded.ResourceType.ShouldBe("Patient");
        decoded.Id.ShouldBe("example");
        decoded.VersionId.ShouldBe("2");
        decoded.LastUpdated.ShouldBe("2024-05-01T10:00:00.123+00:00");
        decoded.ContentDigest.ShouldBe(A);
        decoded.PreviousLeafHash.ShouldBe(B);
        decoded.Encode().ShouldBe(Update().Encode());
    }

    [Fact]
    public void First_version_has_an_empty_prev_line_and_round_trips()
    {
        var leaf = Update() with { Operation = LeafOperation.Create, PreviousLeafHash = null };

        Encoding.UTF8.GetString(leaf.Encode()).ShouldEndWith("\nprev:\n");
        LeafV1.Decode(leaf.Encode()).PreviousLeafHash.ShouldBeNull();
    }

    [Fact]
    public void Field_with_a_line_feed_is_refused()
    {
        Should.Throw<FormatException>(() => (Update() with { Id = "a\nop:delete" }).Encode()).Message.ShouldContain("Line 4 (id)");
    }

    [Fact]
    public void Delete_with_a_content_digest_is_refused()
    {
        Should.Throw<FormatException>(() => (Update() with { Operation = LeafOperation.Delete }).Encode())
            .Message.ShouldContain("a delete has no content digest");
    }

    [Fact]
    public void Digests_that_are_not_32_bytes_are_refused()
    {
        Should.Throw<FormatException>(() => (Update() with { ContentDigest = new byte[31] }).Encode()).Message.ShouldContain("Line 7");
        Should.Throw<FormatException>(() => (Update() with { PreviousLeafHash = new byte[33] }).Encode()).Message.ShouldContain("Line 8");
    }

    [Theory]
    [InlineData("fhirchain-leaf/v2\n", "Line 1")]
    [InlineData("op:update\n", "Line 3 must start with 'type:'")]
    [InlineData("op:patch\n", "Line 2 (op)")]
    [InlineData("content:AAAA\n", "Line 7 (content)")]
    [InlineData("prev:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n", "Line 8 (prev)")]
    public void Decoding_a_bad_leaf_names_the_bad_line(string badLine, string message)
    {
        var lines = Encoding.UTF8.GetString(Update().Encode()).Split('\n');
        var label = badLine.Split(':')[0];
        var index = badLine.StartsWith("fhirchain", StringComparison.Ordinal) ? 0
            : badLine.StartsWith("op:update", StringComparison.Ordinal) ? 2
            : Array.FindIndex(lines, l => l.StartsWith(label + ":", StringComparison.Ordinal));
        lines[index] = badLine.TrimEnd('\n');

        Should.Throw<FormatException>(() => LeafV1.Decode(Encoding.UTF8.GetBytes(string.Join('\n', lines))))
            .Message.ShouldContain(message);
    }
}
