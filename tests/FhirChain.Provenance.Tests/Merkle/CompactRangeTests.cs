using System.Security.Cryptography;
using FhirChain.Provenance.Merkle;

namespace FhirChain.Provenance.Tests.Merkle;

public sealed class CompactRangeTests
{
    [Fact]
    public void Empty_tree_root_is_sha256_of_the_empty_string()
    {
        CompactRange.Empty().RootHash().ShouldBe(SHA256.HashData(Array.Empty<byte>()));
        Convert.ToHexStringLower(TreeHasher.EmptyRoot).ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Fact]
    public void Hasher_uses_the_RFC_prefixes()
    {
        TreeHasher.HashLeaf([1, 2]).ShouldBe(SHA256.HashData(new byte[] { 0, 1, 2 }));
        TreeHasher.HashChildren([1], [2]).ShouldBe(SHA256.HashData(new byte[] { 1, 1, 2 }));
        var big = new byte[5000];
        TreeHasher.HashLeaf(big).ShouldBe(SHA256.HashData([0, .. big]));
    }

    [Fact]
    public void Frontier_ids_are_the_perfect_subtrees_largest_first()
    {
        CompactRange.FrontierIds(0).ShouldBeEmpty();
        CompactRange.FrontierIds(13).ShouldBe([new NodeId(3, 0), new NodeId(2, 2), new NodeId(0, 12)]);
        CompactRange.FrontierIds(16).ShouldBe([new NodeId(4, 0)]);
    }

    [Fact]
    public void Append_reports_the_leaf_and_every_completed_node_bottom_up()
    {
        var range = CompactRange.Empty();
        var visited = new List<NodeId>();
        for (var i = 0; i < 3; i++)
        {
            range.Append(TreeHasher.HashLeaf([(byte)i]), (id, _) => visited.Add(id));
        }

        visited.Clear();
        range.Append(TreeHasher.HashLeaf([3]), (id, _) => visited.Add(id));

        visited.ShouldBe([new NodeId(0, 3), new NodeId(1, 1), new NodeId(2, 0)]);
        range.Size.ShouldBe(4);
        range.Frontier.Count.ShouldBe(1);
    }

    [Fact]
    public void From_frontier_with_the_wrong_number_of_hashes_is_refused()
    {
        var hash = new byte[32];
        Should.Throw<ArgumentException>(() => CompactRange.FromFrontier(3, [hash]))
            .Message.ShouldContain("3 leaves has 2 frontier hashes");
    }

    [Fact]
    public void Appending_a_hash_that_is_not_32_bytes_is_refused()
    {
        Should.Throw<ArgumentException>(() => CompactRange.Empty().Append(new byte[31], null));
    }
}
