# SPDX-License-Identifier: GPL-3.0-or-later
# gen.awk — writes synthetic bulletins for bench/ingest/run (POSIX awk, no
# Python: CI machines may lack it). Deterministic: the same -v seed and -v
# files give the same bytes. Each bulletin is ~3.5 KB of UTF-8 like
# samples/: a dated file name, 2–4 articles of a title line and 2–5
# paragraphs separated by blank lines, sentences drawn from a vocabulary of
# phrases so that the trigram index sees varied text.
# Some are what offices really send again (issue 19): every 50th file is a
# corrected re-send of the one before it (its date and folder, one phrase
# of its first paragraph changed), and every 50th from the 25th opens with
# a reprint of the file before's second article (retitled, its last
# paragraph dropped) before an article of its own.
#   awk -v dir=bench/work/ingest/bulletins -v files=10000 -v seed=1 -f gen.awk
function pick(list, n) { return list[1 + int(rand() * n)] }
function sentence(   s, k, words) {
    words = 3 + int(rand() * 4)
    s = pick(subj, nsubj)
    for (k = 0; k < words; k++) s = s pick(verb, nverb) pick(obj, nobj) (k < words - 1 ? "," : "")
    return s "。"
}
BEGIN {
    if (!files) files = 10000
    srand(seed ? seed : 1)
    nsubj = split("重庆市总工会 各区县总工会 九龙坡区总工会 开州区总工会 市级产业工会 基层工会 广大职工 劳模工匠 工会干部 新就业形态劳动者 渝北区总工会 万州区总工会 涪陵区总工会 永川区总工会 黔江区总工会 石柱县总工会", subj, " ")
    nverb = split("深入学习 认真贯彻 扎实推进 大力实施 持续加强 全面落实 积极开展 不断深化 着力解决 精心组织 统筹推进 切实做好", verb, " ")
    nobj = split("中国工会十八大精神 渝工五大行动 十件实事 职工技能大赛 产业工人队伍建设改革 工会驿站建设 职工医疗互助保障 安康杯竞赛 劳模创新工作室 户外劳动者服务站点 职工书屋 普惠服务 困难职工帮扶 集体协商 安全生产监督检查 五型工会建设", obj, " ")
    ntitle = split("召开专题会议 部署重点工作 开展技能竞赛 举办宣讲活动 推进改革任务 开展安全检查 慰问一线职工 建设服务阵地", tverb, " ")
    for (f = 1; f <= files; f++) {
        sub_dir = sprintf("%s/%03d", dir, int((f - 1) / 100))
        if ((f - 1) % 100 == 0) system("mkdir -p '" sub_dir "'")
        if (f % 50 == 0 && f > 1) {
            # a corrected re-send of file f - 1: its date, one phrase changed
            file = sprintf("%s/%s_bulletin_%05d.txt", sub_dir, prev_date, f)
            for (a = 1; a <= prev_na; a++) {
                printf "%s\n\n", prev_title[a] > file
                for (p = 1; p <= prev_np[a]; p++) {
                    line = prev_para[a, p]
                    if (a == 1 && p == 1) sub(/。/, ",并在全市推广。", line)
                    printf "%s\n\n", line > file
                }
            }
            close(file)
            continue
        }
        month = 1 + (f % 12); day = 1 + (f % 28)
        date = sprintf("2023-%02d-%02d", month, day)
        file = sprintf("%s/%s_bulletin_%05d.txt", sub_dir, date, f)
        articles = 2 + int(rand() * 3)
        first = 1
        if (f % 50 == 25 && prev_na >= 2) {
            # a reprint of the file before's second article, retitled and shortened
            printf "转载:%s\n\n", prev_title[2] > file
            for (p = 1; p < prev_np[2] || p == 1; p++) printf "%s\n\n", prev_para[2, p] > file
            first = 2
        }
        na = 0
        for (a = first; a <= articles; a++) {
            title = sprintf("%s%s(第%d期)", pick(subj, nsubj), pick(tverb, ntitle), f)
            printf "%s\n\n", title > file
            na++
            cur_title[na] = title
            paras = 2 + int(rand() * 3)
            cur_np[na] = paras
            for (p = 1; p <= paras; p++) {
                line = sentence()
                n = 1 + int(rand() * 2)
                for (k = 0; k < n; k++) line = line sentence()
                printf "%s\n\n", line > file
                cur_para[na, p] = line
            }
        }
        close(file)
        prev_na = na; prev_date = date
        for (a = 1; a <= na; a++) {
            prev_title[a] = cur_title[a]; prev_np[a] = cur_np[a]
            for (p = 1; p <= cur_np[a]; p++) prev_para[a, p] = cur_para[a, p]
        }
    }
}
