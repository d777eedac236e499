-- A small database in the store's documented schema, for the script tests
-- and the examples of docs/lua-api.md. Two weeks of bulletins (2023-W43
-- and W44), a few articles, mentions and the FTS5 trigram index. The
-- columns scripts use, as docs/schema.md (branch store) defines them.
CREATE TABLE bulletins(id INTEGER PRIMARY KEY, source TEXT, sha256 TEXT, issued_on TEXT, date_source TEXT, ingested_at TEXT);
CREATE TABLE articles(id INTEGER PRIMARY KEY, bulletin_id INTEGER REFERENCES bulletins(id), seq INTEGER, title TEXT, subtitle TEXT, body TEXT);
CREATE TABLE paragraphs(article_id INTEGER REFERENCES articles(id), seq INTEGER, text TEXT);
CREATE TABLE mentions(article_id INTEGER REFERENCES articles(id), kind TEXT, value TEXT, district TEXT, count INTEGER);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, subtitle, body, content='articles', content_rowid='id', tokenize='trigram');

INSERT INTO bulletins VALUES
 (1, 'seeds/000.txt', 'aa', '2023-10-24', 'header', '2023-10-30T08:00:00Z'),
 (2, 'seeds/001.txt', 'bb', '2023-10-27', 'header', '2023-10-30T08:00:00Z'),
 (3, 'seeds/002.txt', 'cc', '2023-11-01', 'filename', '2023-11-06T08:00:00Z');

INSERT INTO articles VALUES
 (1, 1, 1, '为强国建设民族复兴伟业贡献工人阶级的磅礴力量', '习近平总书记重要讲话精神在重庆广大职工和工会干部中引起热烈反响',
  '10月23日下午，习近平同中华全国总工会新一届领导班子成员集体谈话并发表重要讲话。重庆市广大职工和各级工会干部认真学习了讲话精神。' || char(10) || '市总工会干部职工表示，要深入学习贯彻讲话精神。'),
 (2, 1, 2, '渝北区总工会开展职工技能竞赛', NULL,
  '渝北区总工会举办第五届职工技能竞赛，共有三百余名职工参加。竞赛设焊工、电工两个工种。'),
 (3, 2, 1, '江北区工会为户外劳动者送清凉', NULL,
  '江北区总工会走访慰问户外劳动者。“工会的关心让我们很暖心！”一位环卫工人说。'),
 (4, 3, 1, '市总工会召开主席办公会', NULL,
  '市总工会召开主席办公会，研究部署第四季度重点工作。会议由市总工会主席主持。');

INSERT INTO paragraphs VALUES
 (1, 1, '10月23日下午，习近平同中华全国总工会新一届领导班子成员集体谈话并发表重要讲话。重庆市广大职工和各级工会干部认真学习了讲话精神。'),
 (1, 2, '市总工会干部职工表示，要深入学习贯彻讲话精神。'),
 (2, 1, '渝北区总工会举办第五届职工技能竞赛，共有三百余名职工参加。竞赛设焊工、电工两个工种。'),
 (3, 1, '江北区总工会走访慰问户外劳动者。“工会的关心让我们很暖心！”一位环卫工人说。'),
 (4, 1, '市总工会召开主席办公会，研究部署第四季度重点工作。会议由市总工会主席主持。');

INSERT INTO mentions VALUES
 (1, 'place', '重庆', NULL, 2),
 (1, 'org', '中华全国总工会', NULL, 1),
 (1, 'org', '市总工会', NULL, 1),
 (2, 'place', '渝北区', NULL, 2),
 (2, 'org', '渝北区总工会', '渝北区', 2),
 (2, 'term', '技能竞赛', NULL, 1),
 (3, 'place', '江北区', NULL, 1),
 (3, 'org', '江北区总工会', '江北区', 1),
 (4, 'org', '市总工会', NULL, 2),
 (4, 'place', '沙坪坝区', NULL, 1);

INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
