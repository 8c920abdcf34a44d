using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.PostgreSql
{
    /// <summary>Deletes the index rows of parameters now searched as the union of others (see <see cref="UnionAliasRows"/>); no schema change.</summary>
    public partial class RemoveUnionAliasRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => UnionAliasRows.Remove(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => UnionAliasRows.Restore(migrationBuilder);
    }
}
