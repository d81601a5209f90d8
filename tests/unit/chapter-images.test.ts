import { describe, expect, it } from 'vitest'
import { bundledBook } from '../../src/main/services/tutorial/book-files'
import { imagesNeeded } from '../../src/main/services/tutorial/chapter-images'

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
})
