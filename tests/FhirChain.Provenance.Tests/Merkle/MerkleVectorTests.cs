using System.Text.Json;
using FhirChain.Provenance.Merkle;

namespace FhirChain.Provenance.Tests.Merkle;

/// <summary>Every RFC 9162 vector of transparency-dev/merkle (copied under TestVectors/merkle).</summary>
public sealed class MerkleVectorTests
{
    private static readonly string VectorRoot = Path.Combine(AppContext.BaseDirectory, "TestVectors", "merkle");

    public static TheoryData<string> InclusionVectors() => Files("inclusion");

    public static TheoryData<string> ConsistencyVectors() => Files("consistency");

    [Fact]
    public void The_vector_set_is_complete()
    {
        InclusionVectors().Count.ShouldBeGreaterThan(50);
        ConsistencyVectors().Count.ShouldBeGreaterThan(50);
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_vector_verifies_exactly_when_it_should(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorRoot, file)));
        var v = json.RootElement;

        var result = ProofVerifier.VerifyInclusion(
            Base64(v, "leafHash"), Int(v, "leafIdx"), Int(v, "treeSize"),
            Hashes(v, "proof"), Base64(v, "root"));

        result.IsValid.ShouldBe(!v.GetProperty("wantErr").GetBoolean(), $"{file}: {result.Reason}");
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_vector_verifies_exactly_when_it_should(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorRoot, file)));
        var v = json.RootElement;

        var result = ProofVerifier.VerifyConsistency(
            Int(v, "size1"), Int(v, "size2"), Hashes(v, "proof"),
            Base64(v, "root1"), Base64(v, "root2"));

        result.IsValid.ShouldBe(!v.GetProperty("wantErr").GetBoolean(), $"{file}: {result.Reason}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Compact_range_root_matches_the_published_root_of_the_first_n_leaves(int n)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorRoot, "roots.json")));
        var leaves = json.RootElement.GetProperty("leafInputsHex").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!)).ToList();
        var expected = json.RootElement.GetProperty("rootHashesHexBySize")[n].GetString();

        var range = CompactRange.Empty();
        var tree = new InMemoryMerkleTree();
        foreach (var leaf in leaves.Take(n))
        {
            range.Append(TreeHasher.HashLeaf(leaf), null);
            tree.AppendLeafData(leaf);
        }

        Convert.ToHexStringLower(range.RootHash()).ShouldBe(expected);
        Convert.ToHexStringLower(tree.RootHash()).ShouldBe(expected);
    }

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(VectorRoot, kind), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(VectorRoot, file));
        }

        return data;
    }

    // The vectors use uint64; values above long.MaxValue wrap to negative numbers, which are out of range just the same.
    private static long Int(JsonElement v, string name) => unchecked((long)v.GetProperty(name).GetUInt64());

    private static byte[] Base64(JsonElement v, string name) => Convert.FromBase64String(v.GetProperty(name).GetString() ?? string.Empty);

    private static List<byte[]> Hashes(JsonElement v, string name) =>
        v.GetProperty(name).ValueKind == JsonValueKind.Array
            ? v.GetProperty(name).EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!)).ToList()
            : [];
}
