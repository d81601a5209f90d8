import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { TutorialStep } from '@shared/contract'
import { buildBook, buildChapter } from '../../src/main/services/tutorial/build-book'
import { bundledAddendumFiles, bundledBookFiles } from '../../src/main/services/tutorial/book-files'
import { splitFrontMatter } from '../../src/main/services/tutorial/front-matter'
import { OUTDATED_NOTES } from '@shared/tutorial/notes'

const seed = readFileSync(new URL('../../content/source/docker-tutorial.zh-CN.md', import.meta.url), 'utf8')
const files = bundledBookFiles()
const addenda = bundledAddendumFiles()
const book = buildBook(files, addenda)
const zh = book.chapters['zh-CN']
const steps = (id: string) => zh.find((c) => c.id === id)?.blocks.flatMap((b) => b.steps) ?? []

/**
 * Runnable commands per chapter, counted by hand from the seed once:
 * 1.1: apt-get install, systemctl ×2, groupadd, usermod, run hello-world = 6.
 * 1.2: 18 `docker …` lines of the common-commands block (the `## n.` headings and `#` comments are not commands).
 * 2.2: pull, image ls ×4, system df, image rm ×2 = 8, plus the two syntax lines in its comments
 *      (`docker pull [选项] …`, `docker image rm [选项] <镜像1> …`) = 10.
 * 2.3: run webserver, exec, the two lines typed in the container (echo, exit), the commit syntax line
 *      (`docker commit [选项] <容器ID或容器名> …`), commit (5 lines joined), image ls, history, run web2 = 9;
 *      the lone `exit` is output, not a command.
 * 2.4: docker build = 1 (the `# Sending build context…` lines are printed output, commented).
 * 2.5: run, container stop, container ls -a, ps -a, container start, container restart, run -dit, container ls, exec,
 *      export, import from file, import from URL, container rm, container prune = 14.
 * 2.6: tag, image ls, push, search = 4.
 * 2.7: volume create, volume inspect, volume ls, run web (--mount volume), inspect web, volume rm, volume prune,
 *      run web (bind mount), run --rm -it (bash history) = 9.
 * 3: nvidia-docker ×7 (caffe, NV_GPU, topo, CUDA, Caffe, Tensorflow, Digits), docker run ×2 (tensorflow), exec tf,
 *    run ds, exec ds = 12.
 * 2, 2.1, references: prose only.
 * 4: prose only in the book; Whalebook's addendum has network create, run talker, logs, run listener, build, run the
 *    built listener, the GUI step (rviz2), rm -f talker, network rm = 9.
 */
const EXPECTED_STEPS: Record<string, number> = {
  '1.1': 6,
  '1.2': 18,
  '2': 0,
  '2.1': 0,
  '2.2': 10,
  '2.3': 9,
  '2.4': 1,
  '2.5': 14,
  '2.6': 4,
  '2.7': 9,
  '3': 12,
  '4': 9,
  refs: 0,
}

describe('the bundled book', () => {
  it('has every part of the seed as a chapter, in order', () => {
    expect(zh.map((c) => c.id)).toEqual([
      '1.1',
      '1.2',
      '2',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '2.5',
      '2.6',
      '2.7',
      '3',
      '4',
      'refs',
    ])
    expect(zh.map((c) => c.order)).toEqual(zh.map((_c, i) => i + 1))
  })

  it('reproduces the seed text exactly when its chapters are put back together', () => {
    const bodies = files
      .filter((f) => f.lang === 'zh-CN')
      .map((f) => splitFrontMatter(f.text))
      .sort((a, b) => a.meta.order - b.meta.order)
      .map((c) => c.body)
      .join('')
    // Everything from the book's title on; the header comment and the table of contents live in the About page and the chapter tree.
    expect(bodies).toBe(seed.slice(seed.indexOf('# Docker 简明教程')))
  })

  it('has the runnable commands counted by hand, per chapter', () => {
    expect(Object.fromEntries(zh.map((c) => [c.id, c.stepIds.length]))).toEqual(EXPECTED_STEPS)
  })

  it('joins continuations and strips prompts and output', () => {
    const commit = steps('2.3').find((s) => !s.syntax && s.command.startsWith('docker commit'))
    expect(commit?.lines).toHaveLength(5)
    expect(commit?.command.replace(/\s*\\\n\s*/g, ' ')).toBe(
      'docker commit --author "Tao Wang <twang2218@gmail.com>" --message "修改了默认网页" webserver nginx:v2',
    )
    expect(commit?.placeholders).toEqual([])
    const inContainer = steps('2.3')
      .filter((s) => s.where === 'container')
      .map((s) => s.command)
    expect(inContainer).toEqual(["echo '<h1>Hello, Docker!</h1>' > /usr/share/nginx/html/index.html", 'exit'])
  })

  it('keeps trailing comments as captions', () => {
    expect(steps('1.2')[0]).toMatchObject({ command: 'docker images', caption: '显示本地已下载镜像' })
  })

  it('turns the syntax lines in comments into steps to fill in, optional parts marked', () => {
    const syntax = zh.flatMap((c) => c.blocks.flatMap((b) => b.steps.filter((s) => s.syntax)))
    expect(syntax.map((s) => s.command)).toEqual([
      'docker pull [选项] [Docker Registry 地址[:端口号]/]仓库名[:标签]',
      'docker image rm [选项] <镜像1> [<镜像2> ...]',
      'docker commit [选项] <容器ID或容器名> [<仓库名>[:<标签>]]',
    ])
    const rm = syntax[1]
    expect(rm?.placeholders).toEqual(['<镜像1>', '[选项]', '[<镜像2> ...]'])
    expect(rm?.optional).toEqual(['[选项]', '[<镜像2> ...]'])
    expect(syntax[0]?.placeholders.filter((p) => !syntax[0]?.optional.includes(p))).toEqual(['仓库名'])
    expect(syntax[2]?.caption).toBe('docker commit 的语法格式')
  })

  it('detects syntax templates, and not quoted HTML', () => {
    const templates = zh.flatMap((c) =>
      c.blocks.flatMap((b) => b.steps.filter((s) => !s.syntax).flatMap((s) => s.placeholders)),
    )
    expect(new Set(templates)).toEqual(
      new Set(['[]', '[imagename:tag]', '[image:tag]', '[cname]', '[containername]', '[image]', 'username', '<容器>']),
    )
    expect(steps('1.2').find((s) => s.command.startsWith('docker run --name'))?.placeholders).toEqual([
      '[cname]',
      '[image:tag]',
    ])
  })

  it('classifies every destructive command of the seed as destructive', () => {
    const destructive = zh.flatMap((c) =>
      c.blocks.flatMap((b) => b.steps.filter((s) => s.badges.includes('destructive')).map((s) => s.command)),
    )
    expect(destructive).toEqual([
      'docker rm [containername]',
      'docker stop $(docker ps -a -q)',
      'docker rm $(docker ps -a -q)',
      'docker rmi [image]',
      'docker image rm [选项] <镜像1> [<镜像2> ...]',
      'docker image rm $(docker image ls -q redis)',
      'docker image rm $(docker image ls -q -f before=mongo:3.2)',
      'docker container rm  <容器>',
      'docker container prune',
      'docker volume rm my-vol',
      'docker volume prune',
      'docker rm -f talker',
      'docker network rm ros-net',
    ])
    expect(steps('1.1').every((s) => s.badges.includes('root') || s.command === 'docker run hello-world')).toBe(true)
    expect(steps('2.6').find((s) => s.command.startsWith('docker push'))?.badges).toContain('network')
    expect(steps('2.4')[0]?.badges).toContain('network') // FROM nginx is remote
  })

  it('lints the copy-paste traps of the seed, with corrected commands', () => {
    const findings = zh.flatMap((c) =>
      c.blocks.flatMap((b) => b.steps.flatMap((s) => s.lint.map((l) => ({ id: s.id, ...l })))),
    )
    const kinds = findings.map((f) => `${f.id} ${f.kind}`)
    expect(kinds).toEqual([
      '2.7/4 backslash-not-at-end',
      '2.7/4 comment-in-continuation',
      '2.7/4 backslash-not-at-end',
      '2.7/8 comment-in-continuation',
      '2.7/9 comment-in-continuation',
      '3/4 typographic-dash',
      '3/5 typographic-dash',
      '3/5 missing-continuation',
      '3/5 missing-continuation',
      '3/6 typographic-dash',
      '3/7 typographic-dash',
      '3/7 missing-continuation',
    ])
    const byId = (id: string) => findings.find((f) => f.id === id)?.fixed
    expect(byId('2.7/4')).toBe(
      'docker run -d -P --name web --mount source=my-vol,target=/webapp training/webapp python app.py',
    )
    expect(byId('3/5')).toBe(
      'nvidia-docker run --rm -ti -u $(id -u):$(id -g) --name caffe -v $(pwd):/workspace nvcr.io/nvidia/caffe:17.06 caffe train --solver=solver.prototxt',
    )
    expect(byId('3/7')).toBe(
      'nvidia-docker run -d -u $(id -u):$(id -g) --name digits --shm-size=1g --ulimit memlock=-1 --ulimit stack=67108864 -p 5000:5000 -v /mnt/dataset:/data -v /mnt/digit-work:/workspace nvcr.io/nvidia/digits:17.06',
    )
  })

  it('notes the outdated commands without changing them', () => {
    expect(steps('1.1')[0]?.notes).toEqual(['docker-ce-pin'])
    expect(steps('3')[1]?.notes).toEqual(['nvidia-docker', 'nv-gpu'])
    expect(zh.find((c) => c.id === '2.3')?.notes).toContain('docker-toolbox')
  })
})

describe('the English edition', () => {
  const en = book.chapters.en
  // The inputs the app puts where the book leaves an argument out are in each edition's language (`<容器>`).
  const meant = (s: TutorialStep): string =>
    Object.entries(s.inputs ?? {}).reduce(
      (text, [token, info]) => (token.startsWith('<') ? text.replaceAll(token, `<${info.kind}>`) : text),
      s.lint[0]?.fixed ?? s.command,
    )

  it('has the same chapters, and the same commands in the same places', () => {
    expect(en.map((c) => c.id)).toEqual(zh.map((c) => c.id))
    for (const [i, c] of en.entries()) {
      const original = zh[i]
      expect(c.stepIds).toEqual(original?.stepIds)
      // Syntax lines are translated ([options] for [选项]); every runnable command is identical.
      const enSteps = c.blocks.flatMap((b) => b.steps.map((s) => (s.syntax ? 'syntax' : meant(s))))
      const zhSteps = original?.blocks.flatMap((b) => b.steps.map((s) => (s.syntax ? 'syntax' : meant(s))))
      expect(enSteps).toEqual(zhSteps)
      expect(c.blocks.map((b) => b.kind)).toEqual(original?.blocks.map((b) => b.kind))
    }
  })

  it('is written in English', () => {
    for (const c of en) expect(c.title).toMatch(/^[\x20-\x7e]+$/)
    expect(en.find((c) => c.id === '2.1')?.markdown).toContain('Basic concepts')
  })
})

describe('Whalebook’s addendum to chapter 4', () => {
  const chapter = zh.find((c) => c.id === '4')
  const stepsOf = (c: typeof chapter) => c?.blocks.flatMap((b) => b.steps) ?? []

  it('lives in files of its own, after the chapter, never in the book’s text', () => {
    expect(addenda.map((a) => a.path.replace(/^.*content\//, 'content/')).sort()).toEqual([
      'content/addenda/en/12-ros.md',
      'content/addenda/zh-CN/12-ros.md',
    ])
    for (const c of [chapter, book.chapters.en.find((x) => x.id === '4')]) {
      expect(c?.markdown).not.toContain('Whalebook')
      expect(c?.addendum?.markdown).toMatch(/^## Whalebook /)
      // Its blocks follow the book's (none in chapter 4), numbered on.
      expect(c?.addendum?.firstBlock).toBe(0)
      expect(c?.headings.filter((h) => !h.addendum).map((h) => h.text)).toEqual(['4. Docker ROS'])
      expect(c?.headings.filter((h) => h.addendum).length).toBe(8)
    }
    // The book's sources (the About page) stay the book's own.
    expect(book.links.filter((l) => l.chapterId === '4').map((l) => l.url)).toEqual([
      'https://github.com/ruffsl/ros_docker_demos/tree/master/development',
      'https://hub.docker.com/u/osrf',
    ])
  })

  it('has the talker, the listener, the Dockerfile for ros:jazzy and a GUI step', () => {
    expect(stepsOf(chapter).map((s) => s.command)).toEqual([
      'docker network create ros-net',
      'docker run -d --net ros-net --name talker osrf/ros:jazzy-desktop ros2 run demo_nodes_cpp talker',
      'docker logs --tail 5 talker',
      'docker run -it --rm --net ros-net osrf/ros:jazzy-desktop ros2 run demo_nodes_cpp listener',
      'docker build -t ros-demo:jazzy .',
      'docker run -it --rm --net ros-net ros-demo:jazzy ros2 run demo_nodes_cpp listener',
      'docker run -it --rm --net ros-net osrf/ros:jazzy-desktop rviz2',
      'docker rm -f talker',
      'docker network rm ros-net',
    ])
    expect(
      stepsOf(chapter)
        .filter((s) => s.gui)
        .map((s) => s.id),
    ).toEqual(['4/7'])
    const dockerfile = chapter?.blocks.find((b) => b.kind === 'dockerfile')
    expect(dockerfile?.code).toMatch(
      /^FROM ros:jazzy\n[\s\S]*apt-get install -y --no-install-recommends ros-jazzy-demo-nodes-cpp/,
    )
    expect(stepsOf(chapter).find((s) => s.id === '4/5')?.badges).toEqual(['network'])
    for (const s of stepsOf(chapter)) expect(s.lint).toEqual([])
  })

  it('says what each pitfall is, in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const text = book.chapters[lang].find((c) => c.id === '4')?.addendum?.markdown ?? ''
      for (const word of [
        '--ipc=host',
        'ROS_DOMAIN_ID',
        'ROS_AUTOMATIC_DISCOVERY_RANGE',
        'ros-jazzy-demo-nodes-cpp',
        '150 MB',
        '280 MB',
        '1 GB',
        'xhost +',
        "sed -e 's/^..../ffff/'",
      ]) {
        expect(text, `${lang}: ${word}`).toContain(word)
      }
    }
  })
})

describe('the book as the page draws it, rendered once by main', () => {
  const en = book.chapters.en

  it('has each code block as an empty placeholder, numbered on through the addendum, and every heading anchored', () => {
    for (const chapter of [...zh, ...en]) {
      const html = chapter.html + (chapter.addendum?.html ?? '')
      const ids = [...html.matchAll(/<div class="wb-block" id="wb-block-(\d+)"><\/div>/g)].map((m) => Number(m[1]))
      expect(ids, chapter.id).toEqual(chapter.blocks.map((b) => b.index))
      for (const h of chapter.headings) expect(html, `${chapter.id} ${h.slug}`).toContain(`id="${h.slug}"`)
    }
  })

  it('escapes markup written in the book, and opens links outside the app', () => {
    const { chapter } = buildChapter({
      lang: 'en',
      path: 'x.md',
      text: '---\nid: "9"\ntitle: X\norder: 99\n---\n# X\n\n<img src=x onerror=alert(1)> [site](https://example.org)\n\n```bash\nls # <b>list</b>\n```\n',
    })
    expect(chapter.html).not.toContain('<img')
    expect(chapter.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(chapter.html).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer">site</a>')
    const step = chapter.blocks[0]?.steps[0]
    expect(step?.caption).toBe('<b>list</b>')
    expect(chapter.captionHtml[step?.id ?? '']).toBe('&lt;b&gt;list&lt;/b&gt;')
  })

  it('renders the outdated-command notes in the chapter’s own language, for its prose and its steps', () => {
    const shown = (c: (typeof zh)[number]): string[] => [
      ...c.notes,
      ...c.blocks.flatMap((b) => b.steps.flatMap((s) => s.notes)),
    ]
    const noted = [...zh, ...en].filter((c) => shown(c).length > 0)
    expect(noted.filter((c) => c.lang === 'en').length).toBeGreaterThan(0)
    expect(noted.filter((c) => c.lang === 'zh-CN').length).toBeGreaterThan(0)
    for (const chapter of noted) {
      expect(Object.keys(chapter.noteHtml).sort()).toEqual([...new Set(shown(chapter))].sort())
      // The command a note offers instead goes with it, as the note has it.
      expect(chapter.noteModern).toEqual(
        Object.fromEntries(
          OUTDATED_NOTES.filter((n) => n.modern && chapter.noteHtml[n.id] !== undefined).map((n) => [n.id, n.modern]),
        ),
      )
      for (const html of Object.values(chapter.noteHtml)) {
        if (chapter.lang === 'zh-CN') expect(html, chapter.id).toMatch(/[\u4e00-\u9fff]/)
        else expect(html, chapter.id).toMatch(/^[^\u4e00-\u9fff]+$/)
      }
    }
  })
})
