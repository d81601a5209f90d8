import { describe, expect, it } from 'vitest'
import { bundledBook } from '../../src/main/services/tutorial/book-files'
import { imagesNeeded } from '../../src/main/services/tutorial/chapter-images'
import { usesGpu } from '@shared/docker/command'
import { obsoleteImage, OUTDATED_NOTES } from '@shared/tutorial/notes'

const book = bundledBook()

/**
 * Checked by hand against the book: `docker run`/`create`/`pull` images, FROM lines of the chapter's Dockerfiles;
 * templates (`[image:tag]`), `docker container stop ws`-style names and the images a chapter makes itself (2.3's
 * `nginx:v2` by commit, 2.4's build tags) are not images to pull. 2.7's commands are read as corrected (the book puts
 * comments inside continuations).
 */
const EXPECTED: Record<string, string[]> = {
  '1.1': ['hello-world:latest'],
  '1.2': [],
  '2': [],
  '2.1': [],
  '2.2': ['ubuntu:18.04'],
  '2.3': ['nginx:latest'],
  '2.4': ['debian:stretch', 'nginx:latest'],
  '2.5': ['ubuntu:18.04', 'ubuntu:latest'],
  '2.6': [],
  '2.7': ['training/webapp:latest', 'ubuntu:18.04'],
  '3': [
    'jupyter/datascience-notebook:latest',
    'nvcr.io/nvidia/caffe:17.06',
    'nvcr.io/nvidia/cuda:8.0-cudnn6-devel-ubuntu16.04',
    'nvcr.io/nvidia/digits:17.06',
    'nvcr.io/nvidia/tensorflow:17.06',
    'nvidia/caffe:latest',
    'nvidia/cuda:8.0-cudnn6-devel-ubuntu16.04',
    'tensorflow/tensorflow:latest',
  ],
  '4': ['osrf/ros:jazzy-desktop', 'ros:jazzy'],
  refs: [],
}

describe('the images each chapter needs', () => {
  it('are found in docker run/pull steps and Dockerfile FROM lines, and nothing else', () => {
    const table = Object.fromEntries(
      book.chapters['zh-CN'].map((c) => [
        c.id,
        imagesNeeded(c)
          .map((i) => i.image)
          .sort(),
      ]),
    )
    expect(table).toEqual(EXPECTED)
  })

  it('name the steps that need each image', () => {
    const chapter = book.chapters['zh-CN'].find((c) => c.id === '2.3')
    const nginx = chapter ? imagesNeeded(chapter).find((i) => i.image === 'nginx:latest') : undefined
    expect(nginx?.steps.length).toBeGreaterThan(0)
    expect(nginx?.steps.every((s) => s.startsWith('2.3/'))).toBe(true)
  })

  it('mark the images no registry serves any more as obsolete, with the modern image their note names', () => {
    const obsolete = (id: string) =>
      Object.fromEntries(
        imagesNeeded(book.chapters['zh-CN'].find((c) => c.id === id) ?? book.chapters['zh-CN'][0]!)
          .map((i) => [i.image, obsoleteImage(i.image)?.modern])
          .filter(([, modern]) => modern !== undefined),
      )
    expect(obsolete('3')).toEqual({
      'nvcr.io/nvidia/caffe:17.06': 'nvcr.io/nvidia/pytorch:24.05-py3',
      'nvcr.io/nvidia/cuda:8.0-cudnn6-devel-ubuntu16.04': 'nvidia/cuda:12.4.1-base-ubuntu22.04',
      'nvcr.io/nvidia/digits:17.06': 'nvcr.io/nvidia/pytorch:24.05-py3',
      'nvcr.io/nvidia/tensorflow:17.06': 'nvcr.io/nvidia/tensorflow:24.05-tf2-py3',
      'nvidia/cuda:8.0-cudnn6-devel-ubuntu16.04': 'nvidia/cuda:12.4.1-base-ubuntu22.04',
    })
    expect(obsolete('2.7')).toEqual({ 'training/webapp:latest': 'nginx' })
    // Current images, and those merely past support but still served, are not obsolete.
    for (const image of ['nginx:latest', 'ubuntu:18.04', 'debian:stretch', 'tensorflow/tensorflow:latest', 'ros:jazzy'])
      expect(obsoleteImage(image), image).toBeNull()
  })

  it('take each obsolete image’s modern equivalent from its note’s own text, in both languages', () => {
    for (const note of OUTDATED_NOTES) {
      for (const o of note.obsoleteImages ?? []) {
        if (o.modern === null) continue
        expect(note.en, note.id).toContain(`\`${o.modern}\``)
        expect(note.zh, note.id).toContain(`\`${o.modern}\``)
      }
    }
  })

  it('know which chapters run GPU containers', () => {
    const gpu = book.chapters['zh-CN']
      .filter((c) => c.blocks.some((b) => b.steps.some((s) => usesGpu(s.command))))
      .map((c) => c.id)
    expect(gpu).toEqual(['3'])
    expect(usesGpu('docker run --gpus all --rm nvidia/cuda:12.4.1-base-ubuntu22.04 nvidia-smi')).toBe(true)
    expect(usesGpu('docker run --runtime=nvidia --rm x')).toBe(true)
    expect(usesGpu('docker run --rm nginx')).toBe(false)
  })
})
