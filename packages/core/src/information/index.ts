export {
  type Bulletin,
  BulletinNotFound,
  type BulletinReader,
  type BulletinReceipt,
  BulletinRefused,
  type BulletinTargets,
  bulletinById,
  bulletinReceipts,
  type FeedBulletin,
  listBulletins,
  markBulletinRead,
  memberFeed,
  type Page as BulletinPage,
  publishBulletin,
} from "./bulletins.ts"
export { DEMO_HANDBOOK, seedDemoHandbook } from "./demo-handbook.ts"
export {
  HANDBOOK_SLUG,
  type HandbookArticle,
  HandbookArticleNotFound,
  type HandbookEntry,
  handbookArticle,
  handbookVersions,
  listHandbookArticles,
  publishHandbookVersion,
} from "./handbook.ts"
export { KEYSET_CURSOR_PATTERN, type Keyset, keysetCursor, parseKeysetCursor } from "./keyset.ts"
